/**
 * The generated Kubernetes tree evaluated as NixOS evaluates it (real lib.evalModules, NixOS's module
 * arguments, pkgs builders that write real files, every value forced): what a NixOS user gets.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { describeWithNixpkgsLib, evalNixosOrThrow } from "../testing/nixos.js";
import { type Cluster, renderCluster } from "./index.js";

function treeDir(cluster: Cluster = exampleCluster): string {
  const r = renderCluster(cluster);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-k8s-eval-"));
  for (const [path, text] of r.right) writeFileSync(join(dir, path), text);
  return dir;
}

/** Reads the file a `--name=/nix/store/...` flag of a unit's ExecStart points at. */
const flagFile = (service: string, flag: string) =>
  `builtins.fromJSON (builtins.readFile (builtins.head (builtins.match ".*\\"--${flag}=([^\\"]*)\\".*" r.config.systemd.services.${service}.serviceConfig.ExecStart)))`;

describeWithNixpkgsLib("the Kubernetes tree evaluated as NixOS evaluates it", (lib) => {
  const dir = treeDir();
  const evaluate = (config: string, select: string, cluster?: Cluster) =>
    evalNixosOrThrow({
      lib,
      modules: [`${cluster ? treeDir(cluster) : dir}/default.nix`, config],
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
      tlsCertFile: `${secrets}/kubelet-tls-cert-file.pem`,
      tlsPrivateKeyFile: `${secrets}/kubelet-tls-key-file.pem`,
      authentication: { ...s.authentication, x509: { clientCAFile: `${secrets}/ca.pem` } },
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

  it("adds an API server flag and keeps the defaults; null removes a default flag", () => {
    const exec = (config: string) =>
      evaluate(config, "{ e = r.config.systemd.services.k8s-apiserver.serviceConfig.ExecStart; }")[
        "e"
      ] as string;
    const base = exec("{ }");
    const added = exec('{ services.k8s-apiserver.flags.audit-log-maxage = "30"; }');
    expect(added).toContain('"--audit-log-maxage=30"');
    for (const flag of [
      "--etcd-servers=https://[::1]:2379",
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
    expect(units("{ services.k8s.controller = false; services.k8s.worker = true; }")).toEqual({
      u: ["k8s-kubelet"],
      c: true,
    });
    expect(units("{ services.k8s.controller = true; services.k8s.worker = false; }")).toEqual({
      u: ["k8s-apiserver"],
      c: false,
    });
    expect(
      units(
        "{ services.k8s.controller = true; services.k8s.worker = true; services.k8s-kubelet.enable = false; }",
      ),
    ).toEqual({ u: ["k8s-apiserver"], c: true });
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
});
