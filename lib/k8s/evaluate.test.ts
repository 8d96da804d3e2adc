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
  `builtins.fromJSON (builtins.unsafeDiscardStringContext (builtins.readFile (builtins.head (builtins.match ".*\\"--${flag}=([^\\"]*)\\".*" r.config.systemd.services.${service}.serviceConfig.ExecStart))))`;

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
      clusterDNS: ["fd00:10:96::a"],
      port: 10250,
      registerWithTaints: [
        { key: "node-role.kubernetes.io/control-plane", value: "", effect: "NoSchedule" },
      ],
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
    expect(cri.cni["bin_dir"]).toBe("/nix/store/00000000000000000000000000000000-cni-plugins/bin");
    expect(cri.cni["conf_dir"]).toBe("/etc/cni/net.d");
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
      "--tls-cert-file=/run/credentials/k8s-apiserver.service/apiserver.pem",
      "--service-account-key-file=/run/credentials/k8s-apiserver.service/service-account.pem",
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
    const control = [
      "k8s-apiserver",
      "k8s-controller-manager",
      "k8s-coredns",
      "k8s-dns-addon",
      "k8s-etcd",
      "k8s-pod-routes",
      "k8s-scheduler",
    ];
    expect(units("{ services.k8s.controller = false; services.k8s.worker = true; }")).toEqual({
      u: ["k8s-kube-proxy", "k8s-kubelet", "k8s-pod-routes"],
      c: true,
    });
    expect(units("{ services.k8s.controller = true; services.k8s.worker = false; }")).toEqual({
      u: control,
      c: false,
    });
    expect(units("{ services.k8s-kubelet.enable = false; }")).toEqual({
      u: [...control, "k8s-kube-proxy"].sort(),
      c: true,
    });
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
        "k8s-coredns",
        "k8s-dns-addon",
        "k8s-etcd",
        "k8s-kube-proxy",
        "k8s-kubelet",
        "k8s-pod-routes",
        "k8s-scheduler",
      ]);
      for (const worker of ["worker1", "worker2"])
        expect(Object.keys(all[worker]!.units), worker).toEqual([
          "k8s-kube-proxy",
          "k8s-kubelet",
          "k8s-pod-routes",
        ]);
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
    it("registers each node with its labels (taints: see registerWithTaints below)", () => {
      expect(all["worker2"]!.units["k8s-kubelet"]).toContain(
        '"--node-labels=topology.kubernetes.io/zone=rack-b"',
      );
      for (const h of hosts)
        expect(all[h]!.units["k8s-kubelet"]).not.toContain("--register-with-taints");
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
        "k8s-coredns",
        "k8s-dns-addon",
        "k8s-etcd",
        "k8s-kube-proxy",
        "k8s-kubelet",
        "k8s-pod-routes",
        "k8s-scheduler",
      ],
      failed: [],
      ip: "fd00:10::1",
    });
  });
  it("boots all three nodes of the VM test with the firewall on and no failed assertion", () => {
    for (const [host, address] of [
      ["fat-controller", "fd00:10::1"],
      ["worker1", "fd00:10::11"],
      ["worker2", "fd00:10::12"],
    ] as const) {
      const out = evalNixosOrThrow({
        lib,
        hostName: "nixos",
        modules: [
          `${root}/fixtures/k8s/default.nix`,
          `(import ${root}/nix/test-node.nix { pki = "/nix/store/00000000000000000000000000000000-k8s-test-pki"; hostName = "${host}"; address = "${address}"; })`,
        ],
        select:
          "{ fw = r.config.networking.firewall.enable; failed = r.failedAssertions; ip = r.config.services.k8s.nodeIP; tcp = r.config.networking.firewall.allowedTCPPorts; }",
      }) as { fw: boolean; failed: string[]; ip: string; tcp: number[] };
      expect(out.fw, host).toBe(true);
      expect(out.failed, host).toEqual([]);
      expect(out.ip, host).toBe(address);
      expect(out.tcp, host).toContain(10250);
    }
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

describeWithNixpkgsLib(
  "node overrides from Nix merge with the generated nodes (issue 20, point 7)",
  (lib) => {
    const dir = treeDir();
    const evaluate = (config: string, select: string, hostName: string) =>
      evalNixosOrThrow({
        lib,
        hostName,
        modules: [`${dir}/default.nix`, config],
        select,
      }) as Record<string, unknown>;
    const rack = '{ services.k8s.nodes.worker1.labels."example.com/rack" = "r7"; }';

    it("adds one label on a worker and keeps its generated labels, node IP and units", () => {
      const out = evaluate(
        rack,
        "{ units = builtins.attrNames r.units; ip = r.config.services.k8s.nodeIP; labels = r.config.services.k8s.nodes.worker1.labels; n = builtins.attrNames r.config.services.k8s.nodes; }",
        "worker1",
      );
      expect(out).toEqual({
        units: expect.arrayContaining(["k8s-kubelet"]),
        ip: "fd00:10::11",
        labels: { "example.com/rack": "r7", "topology.kubernetes.io/zone": "rack-a" },
        n: ["fat-controller", "worker1", "worker2"],
      });
    });
    it("keeps the controllers' etcd cluster when one node is overridden", () => {
      const out = evaluate(
        rack,
        "{ c = r.config.services.k8s-etcd.initialCluster; }",
        "fat-controller",
      );
      expect(out["c"]).toEqual(["fat-controller=https://[fd00:10::1]:2380"]);
    });
    it("replaces a generated value with a plain definition (per-node defaults)", () => {
      const out = evaluate(
        '{ services.k8s.nodes.worker1.addresses = [ "fd00:10::99" ]; }',
        "{ ip = r.config.services.k8s.nodeIP; }",
        "worker1",
      );
      expect(out["ip"]).toBe("fd00:10::99");
    });
    it("fails with an assertion naming a host that is not in nodes, and the fix; the opt-out silences it", () => {
      const failed = evaluate("{ }", "{ f = r.failedAssertions; }", "stranger")["f"] as string[];
      expect(failed.length).toBe(1);
      expect(failed[0]).toContain('"stranger"');
      expect(failed[0]).toContain("services.k8s.allowUnlistedHost");
      const optOut = evaluate(
        "{ services.k8s.allowUnlistedHost = true; }",
        "{ f = r.failedAssertions; u = builtins.attrNames r.units; }",
        "stranger",
      );
      expect(optOut).toEqual({ f: [], u: [] });
    });
  },
);

describeWithNixpkgsLib("the pod network (issue 20, point 1)", (lib) => {
  const bridgeDir = treeDir();
  const noneDir = treeDir({ ...exampleCluster, podNetwork: { type: "none" } });
  const conflist = 'environment.etc."cni/net.d/10-k8s-pod-network.conflist"';
  const evaluate = (dir: string, hostName: string, config = "{ }") =>
    evalNixosOrThrow({
      lib,
      hostName,
      modules: [`${dir}/default.nix`, config],
      select: `{
        cni = if r.config.${conflist} or null != null then builtins.fromJSON (builtins.readFile r.config.${conflist}.source) else null;
        dirs = r.config.virtualisation.containerd.settings.plugins."io.containerd.grpc.v1.cri".cni or null;
        routes = r.config.systemd.services.k8s-pod-routes.serviceConfig.ExecStart or null;
        failed = r.failedAssertions;
      }`,
    }) as {
      cni: {
        cniVersion: string;
        plugins: {
          type: string;
          ipam?: { ranges: { subnet: string }[][]; routes: { dst: string }[] };
        }[];
      } | null;
      dirs: Record<string, string> | null;
      routes: string[] | null;
      failed: string[];
    };

  it("bridge: each worker gets a CNI config with its own pod CIDR from the cluster CIDR, loaded by containerd from pkgs.cni-plugins", () => {
    const subnets = ["fat-controller", "worker1", "worker2"].map((h) => {
      const out = evaluate(bridgeDir, h);
      expect(out.failed, h).toEqual([]);
      expect(out.cni!.cniVersion).toBe("1.0.0");
      expect(out.cni!.plugins.map((p) => p.type)).toEqual(["bridge", "portmap"]);
      expect(out.cni!.plugins[0]!.ipam!.routes).toEqual([
        { dst: "fd00:10:244::/56" },
        { dst: "::/0" },
      ]);
      expect(out.dirs).toEqual({
        bin_dir: "/nix/store/00000000000000000000000000000000-cni-plugins/bin",
        conf_dir: "/etc/cni/net.d",
      });
      return out.cni!.plugins[0]!.ipam!.ranges[0]![0]!.subnet;
    });
    expect(subnets).toEqual(["fd00:10:244::/64", "fd00:10:244:1::/64", "fd00:10:244:2::/64"]);
  });
  it("bridge: every node routes the other workers' pod CIDRs through their node IPs", () => {
    const routes = evaluate(bridgeDir, "worker1").routes!;
    expect(routes).toEqual([
      '"/nix/store/00000000000000000000000000000000-iproute2/bin/ip" "route" "replace" "fd00:10:244::/64" "via" "fd00:10::1"',
      '"/nix/store/00000000000000000000000000000000-iproute2/bin/ip" "route" "replace" "fd00:10:244:2::/64" "via" "fd00:10::12"',
    ]);
  });
  it("bridge: the conflist follows cniConfDir, one option value for containerd and the file", () => {
    const out = evalNixosOrThrow({
      lib,
      hostName: "worker1",
      modules: [
        `${bridgeDir}/default.nix`,
        '{ services.k8s-network.cniConfDir = "/etc/cni/pods"; }',
      ],
      select: `{ f = builtins.attrNames r.config.environment.etc; d = r.config.virtualisation.containerd.settings.plugins."io.containerd.grpc.v1.cri".cni.conf_dir; }`,
    });
    expect(out).toEqual({ f: ["cni/pods/10-k8s-pod-network.conflist"], d: "/etc/cni/pods" });
  });
  it("none: no CNI config and no routes; containerd still finds the plugins of pkgs.cni-plugins", () => {
    const out = evaluate(noneDir, "worker1");
    expect(out).toEqual({
      cni: null,
      routes: null,
      failed: [],
      dirs: {
        bin_dir: "/nix/store/00000000000000000000000000000000-cni-plugins/bin",
        conf_dir: "/etc/cni/net.d",
      },
    });
  });
});

describeWithNixpkgsLib("kube-proxy (issue 20, point 3)", (lib) => {
  const dir = treeDir();
  const replaced = treeDir({ ...exampleCluster, podNetwork: { type: "none", kubeProxy: false } });
  const read = (tree: string, hostName: string) =>
    evalNixosOrThrow({
      lib,
      hostName,
      modules: [`${tree}/default.nix`, "{ }"],
      select: `{
        on = r.config.services.k8s-kube-proxy.enable;
        config = if r.config.services.k8s-kube-proxy.enable then ${flagFile("k8s-kube-proxy", "config")} else null;
      }`,
    }) as {
      on: boolean;
      config: Record<string, unknown> & { clientConnection: { kubeconfig: string } };
    };

  it("runs on every worker with a KubeProxyConfiguration: mode, the pod network's clusterCIDR, its own kubeconfig", () => {
    for (const host of ["fat-controller", "worker1", "worker2"]) {
      const { on, config } = read(dir, host);
      expect(on, host).toBe(true);
      const { clientConnection, ...rest } = config;
      expect(rest).toEqual({
        apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
        kind: "KubeProxyConfiguration",
        mode: "iptables",
        hostnameOverride: host,
        clusterCIDR: "fd00:10:244::/56",
      });
      const kubeconfig = JSON.parse(readFileSync(clientConnection.kubeconfig, "utf8")) as {
        users: { name: string; user: Record<string, string> }[];
      };
      expect(kubeconfig.users).toEqual([
        {
          name: "system:kube-proxy",
          user: {
            "client-certificate": "/var/lib/kubernetes/secrets/kube-proxy.pem",
            "client-key": "/var/lib/kubernetes/secrets/kube-proxy-key.pem",
          },
        },
      ]);
    }
  });
  it("is off when the pod network replaces it", () => {
    expect(read(replaced, "worker1")).toEqual({ on: false, config: null });
  });
});

describeWithNixpkgsLib("cluster DNS (issue 20, point 3)", (lib) => {
  const dir = treeDir();
  const v4 = treeDir({
    ...exampleCluster,
    apiserver: {
      ...exampleCluster.apiserver,
      flags: { ...exampleCluster.apiserver!.flags, serviceClusterIpRange: "10.96.0.0/12" },
    },
  });
  const read = (tree: string, hostName: string) =>
    evalNixosOrThrow({
      lib,
      hostName,
      modules: [`${tree}/default.nix`, "{ }"],
      select: `{
        kubelet = ${flagFile("k8s-kubelet", "config")};
        coredns = r.config.systemd.services.k8s-coredns.serviceConfig.ExecStart or null;
        addon = r.config.systemd.services.k8s-dns-addon.serviceConfig.ExecStart or null;
      }`,
    }) as {
      kubelet: { clusterDNS: string[]; clusterDomain: string };
      coredns: string | null;
      addon: string | null;
    };
  const words = (exec: string) => [...exec.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);

  it("gives every kubelet clusterDNS = the 10th address of the service range, computed", () => {
    expect(read(dir, "worker1").kubelet).toMatchObject({
      clusterDNS: ["fd00:10:96::a"],
      clusterDomain: "cluster.local",
    });
    expect(read(v4, "worker2").kubelet.clusterDNS).toEqual(["10.96.0.10"]);
  });
  it("runs CoreDNS on controllers only, serving the cluster domain from the API server with its own kubeconfig", () => {
    expect(read(dir, "worker1").coredns).toBe(null);
    const out = read(dir, "fat-controller");
    const [program, flag, corefile] = words(out.coredns!);
    expect(program).toMatch(/-coredns\/bin\/coredns$/);
    expect(flag).toBe("-conf");
    const text = readFileSync(corefile!, "utf8");
    expect(text).toContain("bind fd00:10::1");
    expect(text).toMatch(
      /kubernetes cluster\.local in-addr\.arpa ip6\.arpa \{\n\s+kubeconfig \/nix\/store\/\S+-coredns-kubeconfig\.json/,
    );
    const kubeconfig = JSON.parse(readFileSync(/kubeconfig (\S+)/.exec(text)![1]!, "utf8")) as {
      users: { name: string }[];
    };
    expect(kubeconfig.users[0]!.name).toBe("system:coredns");
  });
  it("applies the kube-dns Service at that address with the controllers as its endpoints", () => {
    const { addon } = read(dir, "fat-controller");
    const file = words(addon!)
      .find((w) => w.startsWith("--filename="))!
      .slice("--filename=".length);
    const list = JSON.parse(readFileSync(file, "utf8")) as { items: Record<string, unknown>[] };
    const byKind = Object.fromEntries(list.items.map((i) => [i["kind"], i])) as Record<
      string,
      Record<string, unknown>
    >;
    expect(byKind["Service"]!["spec"]).toMatchObject({ clusterIP: "fd00:10:96::a" });
    expect(byKind["EndpointSlice"]).toMatchObject({
      addressType: "IPv6",
      endpoints: [{ addresses: ["fd00:10::1"], conditions: { ready: true } }],
      metadata: { labels: { "kubernetes.io/service-name": "kube-dns" } },
    });
    expect(byKind["ClusterRoleBinding"]!["subjects"]).toEqual([
      { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:coredns" },
    ]);
  });
});

describeWithNixpkgsLib(
  "the firewall: each role opens exactly its ports (issue 20, point 2)",
  (lib) => {
    const dir = treeDir();
    const ports = (hostName: string, config = "{ }") =>
      evalNixosOrThrow({
        lib,
        hostName,
        modules: [`${dir}/default.nix`, config],
        select: `{
        tcp = builtins.sort (a: b: a < b) r.config.networking.firewall.allowedTCPPorts;
        udp = r.config.networking.firewall.allowedUDPPorts;
        units = r.units;
      }`,
      }) as { tcp: number[]; udp: number[]; units: Record<string, string> };

    it("controllers: 6443, etcd 2379-2380 and DNS; every node: the kubelet's 10250", () => {
      const controller = ports("fat-controller");
      expect({ tcp: controller.tcp, udp: controller.udp }).toEqual({
        tcp: [53, 2379, 2380, 6443, 10250],
        udp: [53],
      });
      const worker = ports("worker1");
      expect({ tcp: worker.tcp, udp: worker.udp }).toEqual({ tcp: [10250], udp: [] });
    });
    it("binds the controller manager and the scheduler to loopback (10257/10259 stay closed)", () => {
      const { units } = ports("fat-controller");
      expect(units["k8s-controller-manager"]).toContain('"--bind-address=127.0.0.1"');
      expect(units["k8s-scheduler"]).toContain('"--bind-address=127.0.0.1"');
    });
    it("moves a port in the flags and the firewall at once; openFirewall = false closes them all", () => {
      const moved = ports(
        "fat-controller",
        "{ services.k8s-etcd.peerPort = 2390; services.k8s-apiserver.securePort = 7443; }",
      );
      expect(moved.tcp).toEqual([53, 2379, 2390, 7443, 10250]);
      expect(moved.units["k8s-apiserver"]).toContain('"--secure-port=7443"');
      expect(moved.units["k8s-etcd"]).toContain('"--listen-peer-urls=https://[fd00:10::1]:2390"');
      expect(moved.units["k8s-etcd"]).toContain(
        '"--initial-cluster=fat-controller=https://[fd00:10::1]:2390"',
      );
      const closed = ports("fat-controller", "{ services.k8s.openFirewall = false; }");
      expect({ tcp: closed.tcp, udp: closed.udp }).toEqual({ tcp: [], udp: [] });
    });
  },
);

describeWithNixpkgsLib(
  "secrets reach the services whatever their owner (issue 20, points 4 and 5)",
  (lib) => {
    const dir = treeDir();
    // Evaluated on first use, inside a test (never at describe level).
    let cached: { units: Record<string, string>; creds: Record<string, string[]> } | undefined;
    const evaluated = () =>
      (cached ??= evalNixosOrThrow({
        lib,
        hostName: "fat-controller",
        modules: [`${dir}/default.nix`, "{ }"],
        select: `{
          units = r.units;
          creds = builtins.mapAttrs (_: s: s.serviceConfig.LoadCredential or [ ]) r.config.systemd.services;
        }`,
      }) as { units: Record<string, string>; creds: Record<string, string[]> });
    /** Every text a unit reads: its unit file and the store files it names, one level down and two. */
    const texts = (unit: string) => {
      const out = evaluated();
      const files = (t: string) =>
        [...t.matchAll(/(\/nix\/store\/[^"\s]+)/g)]
          .map((m) => m[1]!)
          .filter((p) => /\.(json|conflist)$|Corefile$/.test(p))
          .map((p) => readFileSync(p, "utf8"));
      const first = files(out.units[unit]!);
      return [out.units[unit]!, ...first, ...first.flatMap(files)].join("\n");
    };

    it("non-root services load every key and certificate with LoadCredential and read them from their credentials folder", () => {
      const out = evaluated();
      for (const unit of [
        "k8s-etcd",
        "k8s-apiserver",
        "k8s-controller-manager",
        "k8s-scheduler",
        "k8s-coredns",
      ]) {
        const text = texts(unit);
        const used = new Set(
          [...text.matchAll(new RegExp(`/run/credentials/${unit}\\.service/([^"\\s,]+)`, "g"))].map(
            (m) => m[1]!,
          ),
        );
        expect(used.size, unit).toBeGreaterThan(1);
        const loaded = new Map(
          out.creds[unit]!.map((c) => [c.split(":")[0]!, c.slice(c.indexOf(":") + 1)]),
        );
        for (const id of used)
          expect(loaded.get(id), `${unit}: ${id}`).toMatch(/^\/var\/lib\/kubernetes\/secrets\//);
        expect(text, unit).not.toMatch(/"\/var\/lib\/kubernetes\/secrets\/[^"]*-key\.pem"/);
      }
    });
    it("etcd trusts only its own CA; only the API server's etcd client certificate is signed by it", () => {
      const out = evaluated();
      const etcd = out.units["k8s-etcd"]!;
      expect(etcd).toContain('"--trusted-ca-file=/run/credentials/k8s-etcd.service/etcd-ca.pem"');
      expect(etcd).toContain(
        '"--peer-trusted-ca-file=/run/credentials/k8s-etcd.service/etcd-ca.pem"',
      );
      expect(out.units["k8s-apiserver"]).toContain(
        '"--etcd-cafile=/run/credentials/k8s-apiserver.service/etcd-ca.pem"',
      );
      const signedByEtcdCa = pkiEntries(exampleCluster)
        .filter((e) => e.signer === "etcd CA")
        .map((e) => e.cert);
      expect(signedByEtcdCa).toEqual(["apiserver-etcd-client.pem", "etcd.pem", "etcd-peer.pem"]);
    });
  },
);

/**
 * Minimal stand-ins, written for these tests, for what nixpkgs' own virtualisation/containerd.nix
 * defines in its two forms: the containerd 1.x one (config version 2, CRI plugin
 * io.containerd.grpc.v1.cri) and the containerd 2.x one (config version 3, io.containerd.cri.v1.runtime).
 * Both set `version` at normal priority and the CNI plugin folder with mkOptionDefault.
 */
const nixpkgsContainerd = (version: 2 | 3) => `{ config, lib, pkgs, ... }: {
  config = lib.mkIf config.virtualisation.containerd.enable {
    virtualisation.containerd.settings = {
      version = ${version};
      plugins.${version === 2 ? '"io.containerd.grpc.v1.cri"' : '"io.containerd.cri.v1.runtime"'}.cni.bin_dir =
        lib.mkOptionDefault "\${pkgs.cni-plugins}/bin";
    };
  };
}`;

describeWithNixpkgsLib(
  "containerd next to nixpkgs' own containerd module (issue 20, point 8)",
  (lib) => {
    const v2tree = treeDir();
    const v3tree = treeDir({
      ...exampleCluster,
      containerd: { ...exampleCluster.containerd, version: 3 },
    });
    const evaluate = (tree: string, form: 2 | 3) =>
      evalNixosOrThrow({
        lib,
        hostName: "worker1",
        modules: [`${tree}/default.nix`, nixpkgsContainerd(form)],
        select: "{ s = r.config.virtualisation.containerd.settings; failed = r.failedAssertions; }",
      }) as {
        s: { version: number; plugins: Record<string, { cni: Record<string, string> }> };
        failed: string[];
      };
    const plugins = "/nix/store/00000000000000000000000000000000-cni-plugins/bin";

    it("config-2 form with a version-2 tree: one version, our CNI folders", () => {
      const out = evaluate(v2tree, 2);
      expect(out.failed).toEqual([]);
      expect(out.s.version).toBe(2);
      expect(out.s.plugins["io.containerd.grpc.v1.cri"]!.cni).toEqual({
        bin_dir: plugins,
        conf_dir: "/etc/cni/net.d",
      });
    });
    it("config-3 form with a version-3 tree: one version, the CRI runtime plugin gets our CNI folders", () => {
      const out = evaluate(v3tree, 3);
      expect(out.failed).toEqual([]);
      expect(out.s.version).toBe(3);
      expect(out.s.plugins["io.containerd.cri.v1.runtime"]!.cni).toEqual({
        bin_dir: plugins,
        conf_dir: "/etc/cni/net.d",
      });
    });
    it("a version the host's containerd module does not use: no conflicting definitions, an assertion naming the fix", () => {
      const out = evaluate(v2tree, 3);
      expect(out.s.version).toBe(3);
      expect(out.failed).toEqual([
        "services.k8s-containerd: the host's virtualisation.containerd uses config version 3, but the generated CRI settings are for version 2: set containerd.version = 3 in the cluster description and regenerate",
      ]);
      expect(evaluate(v3tree, 2).failed[0]).toContain("set containerd.version = 2");
    });
  },
);

describeWithNixpkgsLib(
  "ordering, flags, taints and the minimum version (issue 20, points 6 and 9)",
  (lib) => {
    const dir = treeDir();
    const read = (hostName: string, config = "{ }") =>
      evalNixosOrThrow({
        lib,
        hostName,
        modules: [`${dir}/default.nix`, config],
        select: `{
        api = r.config.systemd.services.k8s-apiserver or null;
        units = r.units;
        kubelet = ${flagFile("k8s-kubelet", "config")};
        failed = r.failedAssertions;
      }`,
      }) as {
        api: { after: string[]; wants: string[] } | null;
        units: Record<string, string>;
        kubelet: { registerWithTaints: unknown[] };
        failed: string[];
      };

    it("orders the API server after etcd on controllers and wants it", () => {
      const { api } = read("fat-controller");
      expect(api!.after).toContain("k8s-etcd.service");
      expect(api!.wants).toContain("k8s-etcd.service");
      const without = read("fat-controller", "{ services.k8s-etcd.enable = false; }").api!;
      expect(without.wants).not.toContain("k8s-etcd.service");
    });
    it("dials kubelets by InternalIP first", () => {
      expect(read("fat-controller").units["k8s-apiserver"]).toContain(
        '"--kubelet-preferred-address-types=InternalIP,Hostname"',
      );
    });
    it("registers taints through the KubeletConfiguration, not the deprecated flag", () => {
      const w2 = read("worker2");
      expect(w2.kubelet.registerWithTaints).toEqual([
        { key: "example.com/gpu", value: "true", effect: "NoSchedule" },
      ]);
      expect(w2.units["k8s-kubelet"]).not.toContain("--register-with-taints");
      expect(read("fat-controller").kubelet.registerWithTaints).toEqual([
        { key: "node-role.kubernetes.io/control-plane", value: "", effect: "NoSchedule" },
      ]);
      expect(read("worker1").kubelet.registerWithTaints).toEqual([]);
    });
    it("checks the minimum Kubernetes version against package.version when it is known", () => {
      const old = read(
        "worker1",
        '{ pkgs, ... }: { services.k8s.package = pkgs.kubernetes // { version = "1.29.4"; }; }',
      );
      expect(old.failed).toEqual([
        "services.k8s.package: Kubernetes 1.29.4 is older than 1.30, which this tree needs (kubelet.settings.imageMaximumGCAge needs 1.30): use a newer package or remove what needs it",
      ]);
      const recent = read(
        "worker1",
        '{ pkgs, ... }: { services.k8s.package = pkgs.kubernetes // { version = "1.32.1"; }; }',
      );
      expect(recent.failed).toEqual([]);
    });
  },
);

describeWithNixpkgsLib(
  "a 3-controller, 4-worker IPv4 cluster from the tree alone (issue 20, done when)",
  (lib) => {
    const names = ["c1", "c2", "c3", "w1", "w2", "w3", "w4"];
    const cluster: Cluster = {
      apiServerAddress: "https://10.0.0.1:6443",
      nodes: names.map((name, i) => ({
        name,
        addresses: [`10.0.0.${i + 1}`],
        roles: [name.startsWith("c") ? "controller" : "worker"],
      })),
      apiserver: { flags: { serviceClusterIpRange: "10.96.0.0/12" } },
      podNetwork: { type: "bridge", clusterCidr: "10.244.0.0/16" },
    };
    const dir = treeDir(cluster);
    const conflist = 'environment.etc."cni/net.d/10-k8s-pod-network.conflist"';
    const host = (name: string) =>
      evalNixosOrThrow({
        lib,
        hostName: name,
        modules: [`${dir}/default.nix`, "{ }"],
        select: `{
        failed = r.failedAssertions;
        units = builtins.attrNames r.units;
        tcp = builtins.sort (a: b: a < b) r.config.networking.firewall.allowedTCPPorts;
        subnet = if r.config.environment.etc ? "cni/net.d/10-k8s-pod-network.conflist"
          then (builtins.head (builtins.head (builtins.head (builtins.fromJSON (builtins.readFile r.config.${conflist}.source)).plugins).ipam.ranges)).subnet
          else null;
        initialCluster = r.config.services.k8s-etcd.initialCluster;
        dns = if r.config.services.k8s-kubelet.enable then (${flagFile("k8s-kubelet", "config")}).clusterDNS else null;
      }`,
      }) as {
        failed: string[];
        units: string[];
        tcp: number[];
        subnet: string | null;
        initialCluster: string[];
        dns: string[] | null;
      };

    it("gives every host its units, ports, pod network, kube-proxy and DNS, with no failed assertion", () => {
      const subnets: string[] = [];
      for (const name of names) {
        const out = host(name);
        expect(out.failed, name).toEqual([]);
        if (name.startsWith("c")) {
          expect(out.units, name).toEqual(
            expect.arrayContaining(["k8s-etcd", "k8s-apiserver", "k8s-coredns", "k8s-pod-routes"]),
          );
          expect(out.units, name).not.toContain("k8s-kubelet");
          expect(out.tcp, name).toEqual([53, 2379, 2380, 6443]);
          expect(out.initialCluster).toEqual([
            "c1=https://10.0.0.1:2380",
            "c2=https://10.0.0.2:2380",
            "c3=https://10.0.0.3:2380",
          ]);
          expect(out.subnet).toBe(null);
        } else {
          expect(out.units, name).toEqual(["k8s-kube-proxy", "k8s-kubelet", "k8s-pod-routes"]);
          expect(out.tcp, name).toEqual([10250]);
          expect(out.dns).toEqual(["10.96.0.10"]);
          subnets.push(out.subnet!);
        }
      }
      expect(subnets).toEqual(["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24", "10.244.3.0/24"]);
    });
  },
);
