/**
 * The generated Kubernetes tree evaluated as NixOS evaluates it (real lib.evalModules, NixOS's module
 * arguments, pkgs builders that write real files, every value forced): what a NixOS user gets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { describeWithNixpkgsLib, evalNixosOrThrow } from "../testing/nixos.js";
import { type Cluster, renderCluster } from "./index.js";
import { pkiEntries } from "./pki.js";
import { validateKubeSchedulerConfiguration } from "./scheduler.js";
import { tempDirs } from "../testing/tempDirs.js";
const evalDir = tempDirs("nix-emit-k8s-eval-");

function treeDir(cluster: Cluster = exampleCluster): string {
  const r = renderCluster(cluster);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const dir = evalDir();
  for (const [path, text] of r.right) writeFileSync(join(dir, path), text);
  return dir;
}

/** Reads the file a `--name=/nix/store/...` flag of a unit's ExecStart points at. */
const flagFile = (service: string, flag: string) =>
  `builtins.fromJSON (builtins.readFile (builtins.head (builtins.match ".*\\"--${flag}=([^\\"]*)\\".*" r.config.systemd.services.${service}.serviceConfig.ExecStart)))`;

describeWithNixpkgsLib("the Kubernetes tree evaluated as NixOS evaluates it", (lib) => {
  const dir = treeDir();
  // The example's controller is also a worker: one host runs every unit.
  const evaluate = (config: string, select: string, hostName = "fat-controller") =>
    evalNixosOrThrow({
      lib,
      hostName,
      modules: [`${dir}/default.nix`, config],
      select,
    }) as Record<string, unknown>;
  const settings = (config = "{ }") =>
    evaluate(config, `{ s = ${flagFile("k8s-kubelet", "config")}; }`)["s"] as Record<
      string,
      unknown
    >;

  it("writes the cluster's KubeletConfiguration to the kubelet's --config file, secrets resolved", () => {
    const secrets = "/var/lib/kubernetes/secrets";
    const s = exampleCluster.kubelet!.settings!;
    expect(settings()).toEqual({
      ...s,
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      tlsCertFile: `${secrets}/kubelet.pem`,
      tlsPrivateKeyFile: `${secrets}/kubelet-key.pem`,
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true, cacheTTL: "10s" },
        x509: { clientCAFile: `${secrets}/ca.pem` },
      },
      authorization: { mode: "Webhook" },
      containerRuntimeEndpoint: "unix:///run/containerd/containerd.sock",
    });
  });

  it("merges kubelet settings set from Nix deeply: the key changes, its siblings stay", () => {
    const base = settings();
    const cases: [string, (s: Record<string, unknown>) => void][] = [
      [
        'services.k8s-kubelet.settings.authentication.webhook.cacheTTL = "1m";',
        (s) => ((s["authentication"] as { webhook: { cacheTTL: string } }).webhook.cacheTTL = "1m"),
      ],
      [
        "services.k8s-kubelet.settings.authentication.anonymous.enabled = true;",
        (s) =>
          ((s["authentication"] as { anonymous: { enabled: boolean } }).anonymous.enabled = true),
      ],
      [
        'services.k8s-kubelet.settings.clusterDomain = "example.org";',
        (s) => (s["clusterDomain"] = "example.org"),
      ],
      [
        'services.k8s-kubelet.settings.evictionHard."memory.available" = "100Mi";',
        (s) => (s["evictionHard"] = { "memory.available": "100Mi" }),
      ],
    ];
    for (const [nix, change] of cases) {
      const expected = structuredClone(base);
      change(expected);
      expect(settings(`{ ${nix} }`), nix).toEqual(expected);
    }
  });

  it("merges containerd settings deeply: one plugin key changes, SystemdCgroup and the CNI folder stay", () => {
    const read = (config: string) =>
      evaluate(config, "{ c = r.config.virtualisation.containerd.settings; }")["c"] as {
        plugins: Record<
          string,
          { cni: Record<string, string>; containerd: unknown; sandbox_image?: string }
        >;
      };
    const base = read("{ }");
    const cri = base.plugins["io.containerd.grpc.v1.cri"]!;
    expect(cri.cni["bin_dir"]).toBe("/opt/cni/bin");
    const changed = read(
      '{ services.k8s-containerd.settings.plugins."io.containerd.grpc.v1.cri".sandbox_image = "pause:3.10"; services.k8s-containerd.settings.plugins."io.containerd.grpc.v1.cri".cni.conf_dir = "/etc/cni"; }',
    );
    const expected = structuredClone(base);
    expected.plugins["io.containerd.grpc.v1.cri"]!.sandbox_image = "pause:3.10";
    expected.plugins["io.containerd.grpc.v1.cri"]!.cni["conf_dir"] = "/etc/cni";
    expect(changed).toEqual(expected);
    expect(JSON.stringify(changed)).toContain('"SystemdCgroup":true');
  });

  it("merges the kubelet's kubeconfig deeply too: one key changes, the rest stays", () => {
    const read = (config: string) =>
      evaluate(config, `{ k = ${flagFile("k8s-kubelet", "kubeconfig")}; }`)["k"] as Record<
        string,
        unknown
      >;
    const base = read("{ }");
    const changed = read("{ services.k8s-kubelet.kubeconfig.preferences.colors = true; }");
    expect(changed).toEqual({ ...base, preferences: { colors: true } });
    expect((changed["users"] as unknown[]).length).toBe(1);
  });
  it("adds an API server flag and keeps the defaults; null removes a default flag", () => {
    const exec = (config: string) =>
      evaluate(config, "{ e = r.config.systemd.services.k8s-apiserver.serviceConfig.ExecStart; }")[
        "e"
      ] as string;
    const base = exec("{ }");
    const added = exec('{ services.k8s-apiserver.flags.audit-log-maxage = "30"; }');
    expect(added).toContain('"--audit-log-maxage=30"');
    for (const flag of [
      "--etcd-servers=https://[fd00:10::1]:2379",
      "--tls-cert-file=/var/lib/kubernetes/secrets/apiserver.pem",
      "--service-account-key-file=/var/lib/kubernetes/secrets/service-account.pem",
      "--authorization-mode=Node,RBAC",
    ]) {
      expect(base).toContain(`"${flag}"`);
      expect(added).toContain(`"${flag}"`);
    }
    const removed = exec("{ services.k8s-apiserver.flags.allow-privileged = null; }");
    expect(base).toContain('"--allow-privileged=true"');
    expect(removed).not.toContain("--allow-privileged");
    expect(removed.split(" ").length).toBe(base.split(" ").length - 1);
  });

  it("points the kubelet's kubeconfig at services.k8s.apiServerAddress", () => {
    const out = evaluate(
      '{ services.k8s.apiServerAddress = "https://[fd00::1]:6443"; }',
      `{ k = ${flagFile("k8s-kubelet", "kubeconfig")}; }`,
    );
    const k = out["k"] as { clusters: { cluster: { server: string } }[]; users: unknown[] };
    expect(k.clusters[0]!.cluster.server).toBe("https://[fd00::1]:6443");
    expect(JSON.stringify(k.users)).toContain("/var/lib/kubernetes/secrets/kubelet-client.pem");
  });

  it("enables the kubelet and containerd on workers, the API server on controllers; enable overrides", () => {
    const units = (config: string) =>
      evaluate(
        config,
        "{ u = builtins.attrNames r.units; c = r.config.virtualisation.containerd.enable; }",
      );
    const control = ["k8s-apiserver", "k8s-controller-manager", "k8s-etcd", "k8s-scheduler"];
    expect(units("{ services.k8s.controller = false; services.k8s.worker = true; }")).toEqual({
      u: ["k8s-kubelet"],
      c: true,
    });
    expect(units("{ services.k8s.controller = true; services.k8s.worker = false; }")).toEqual({
      u: control,
      c: false,
    });
    expect(units("{ services.k8s-kubelet.enable = false; }")).toEqual({ u: control, c: true });
  });

  it("escapes % and $ in flag values for systemd, which expands them even inside quotes", () => {
    const out = evaluate(
      '{ services.k8s-kubelet.flags.node-labels = "tier=50%z,cost=$HOME"; }',
      "{ unit = r.units.k8s-kubelet; failed = r.failedAssertions; }",
    );
    expect(out["unit"]).toContain('"--node-labels=tier=50%%z,cost=$$HOME"');
    expect(out["failed"]).toEqual([]);
  });

  it("gives the kubelet the tools it runs (mount, iptables, ...) on its PATH", () => {
    const out = evaluate("{ }", "{ unit = r.units.k8s-kubelet; }");
    for (const tool of ["util-linux", "iptables", "iproute2", "conntrack-tools"])
      expect(out["unit"]).toMatch(new RegExp(`Environment="PATH=[^"]*-${tool}/bin`));
  });

  describe("a 1-controller, 2-worker cluster from one tree", () => {
    const hosts = ["fat-controller", "worker1", "worker2"] as const;
    const host = (name: string) =>
      evaluate(
        "{ }",
        `{
          units = r.units;
          failed = r.failedAssertions;
          etcdServers = r.config.services.k8s-etcd.clientUrls;
          nodeIP = r.config.services.k8s.nodeIP;
          admin = if r.config.environment.etc ? "kubernetes/admin.kubeconfig"
            then builtins.readFile r.config.environment.etc."kubernetes/admin.kubeconfig".source else null;
        }`,
        name,
      ) as {
        units: Record<string, string>;
        failed: string[];
        etcdServers: string[];
        nodeIP: string;
        admin: string | null;
      };
    // Evaluated before the tests, never while vitest collects them (it collects skipped blocks too).
    let all: Record<string, ReturnType<typeof host>> = {};
    beforeAll(() => {
      all = Object.fromEntries(hosts.map((h) => [h, host(h)]));
    });
    /** The files a unit's `--name=/nix/store/...` flags point at, read back. */
    const flagFiles = (unit: string) =>
      [...unit.matchAll(/"--[a-z-]+=(\/nix\/store\/[^"]+)"/g)].map((m) =>
        readFileSync(m[1]!, "utf8"),
      );

    it("runs the control plane on the controller only; every host its kubelet; no failed assertions", () => {
      expect(Object.keys(all["fat-controller"]!.units).sort()).toEqual([
        "k8s-apiserver",
        "k8s-controller-manager",
        "k8s-etcd",
        "k8s-kubelet",
        "k8s-scheduler",
      ]);
      for (const worker of ["worker1", "worker2"])
        expect(Object.keys(all[worker]!.units), worker).toEqual(["k8s-kubelet"]);
      for (const h of hosts) expect(all[h]!.failed, h).toEqual([]);
      expect(all["worker2"]!.nodeIP).toBe("fd00:10::12");
    });
    it("derives the API server's --etcd-servers from the etcd cluster, with IPv6 in brackets", () => {
      const c = all["fat-controller"]!;
      expect(c.etcdServers).toEqual(["https://[fd00:10::1]:2379"]);
      expect(c.units["k8s-apiserver"]).toContain('"--etcd-servers=https://[fd00:10::1]:2379"');
      expect(c.units["k8s-etcd"]).toContain('"--advertise-client-urls=https://[fd00:10::1]:2379"');
      expect(c.units["k8s-etcd"]).toContain(
        '"--initial-cluster=fat-controller=https://[fd00:10::1]:2380"',
      );
    });
    it("points every kubeconfig at the API server address", () => {
      const c = all["fat-controller"]!;
      const kubeconfigs = [
        ...["k8s-kubelet", "k8s-controller-manager"].flatMap((u) => flagFiles(c.units[u]!)),
        ...flagFiles(c.units["k8s-scheduler"]!)
          .map(
            (text) =>
              (JSON.parse(text) as { clientConnection: { kubeconfig: string } }).clientConnection
                .kubeconfig,
          )
          .map((path) => readFileSync(path, "utf8")),
        c.admin!,
        ...flagFiles(all["worker1"]!.units["k8s-kubelet"]!),
      ]
        .map(
          (text) =>
            JSON.parse(text) as { kind?: string; clusters?: { cluster: { server: string } }[] },
        )
        .filter((k) => k.kind === "Config");
      // kubelet, controller manager (as --kubeconfig and its two auth kubeconfigs), scheduler, admin, a worker's kubelet
      expect(kubeconfigs.length).toBe(7);
      for (const k of kubeconfigs)
        expect(k.clusters![0]!.cluster.server).toBe("https://[fd00:10::1]:6443");
    });
    it("writes a valid KubeSchedulerConfiguration as the scheduler's --config", () => {
      const [config] = flagFiles(all["fat-controller"]!.units["k8s-scheduler"]!);
      const parsed = JSON.parse(config!) as Record<string, unknown>;
      expect(E.isRight(validateKubeSchedulerConfiguration(parsed))).toBe(true);
      expect(parsed["apiVersion"]).toBe("kubescheduler.config.k8s.io/v1");
      expect(parsed["leaderElection"]).toEqual({ leaderElect: true });
    });
    it("lists every secret file the units and their config files reference in the PKI listing", () => {
      const listed = new Set(
        pkiEntries(exampleCluster).flatMap((e) => [e.cert, ...(e.key ? [e.key] : [])]),
      );
      const texts = hosts.flatMap((h) => {
        const units = Object.values(all[h]!.units);
        const files = units.flatMap(flagFiles);
        const nested = files.flatMap((t) =>
          [...t.matchAll(/"(\/nix\/store\/[^"]+)"/g)].map((m) => readFileSync(m[1]!, "utf8")),
        );
        return [...units, ...files, ...nested, all[h]!.admin ?? ""];
      });
      const used = new Set(
        texts.flatMap((t) =>
          [...t.matchAll(/\/var\/lib\/kubernetes\/secrets\/([^"\s,]+)/g)].map((m) => m[1]!),
        ),
      );
      expect(used.size).toBeGreaterThan(15);
      for (const file of used) expect(listed.has(file), file).toBe(true);
    });
    it("registers each node with its labels and taints; the controller with the control-plane taint", () => {
      expect(all["worker2"]!.units["k8s-kubelet"]).toContain(
        '"--register-with-taints=example.com/gpu=true:NoSchedule"',
      );
      expect(all["worker2"]!.units["k8s-kubelet"]).toContain(
        '"--node-labels=topology.kubernetes.io/zone=rack-b"',
      );
      expect(all["fat-controller"]!.units["k8s-kubelet"]).toContain(
        '"--register-with-taints=node-role.kubernetes.io/control-plane:NoSchedule"',
      );
      expect(all["worker1"]!.units["k8s-kubelet"]).not.toContain("--register-with-taints");
      expect(all["worker1"]!.units["k8s-kubelet"]).toContain('"--node-ip=fd00:10::11"');
    });
  });
});

describeWithNixpkgsLib("the cluster VM test's node (nix/test-node.nix)", (lib) => {
  const root = join(import.meta.dirname, "../..");
  it("evaluates NixOS-style with the committed tree: the controller's units, no failed assertions", () => {
    const out = evalNixosOrThrow({
      lib,
      hostName: "nixos",
      modules: [
        `${root}/fixtures/k8s/default.nix`,
        `(import ${root}/nix/test-node.nix { pki = "/nix/store/00000000000000000000000000000000-k8s-test-pki"; })`,
      ],
      select:
        "{ units = builtins.attrNames r.units; failed = r.failedAssertions; ip = r.config.services.k8s.nodeIP; }",
    });
    expect(out).toEqual({
      units: [
        "k8s-apiserver",
        "k8s-controller-manager",
        "k8s-etcd",
        "k8s-kubelet",
        "k8s-scheduler",
      ],
      failed: [],
      ip: "fd00:10::1",
    });
  });
  it("makes every certificate and key of the PKI listing", () => {
    const script = readFileSync(join(root, "nix/test-pki.nix"), "utf8");
    for (const e of pkiEntries(exampleCluster))
      for (const file of [e.cert, ...(e.key ? [e.key] : [])])
        expect(script, file).toMatch(
          new RegExp(`(^|[\\s"])${file.replace(/\./g, "\\.")}([\\s"]|$)`, "m"),
        );
  });
});
