/**
 * `nix-emit generate --graph` against the evaluated tree: every unit each host runs, every port in
 * the units' command lines and the files they point at, and every secret file they read (evaluated
 * NixOS-style with the real nixpkgs lib) is in the picture. Also: the committed docs/cluster.svg is
 * the example's picture (`npm run docs:k8s` redraws it with Graphviz when `dot` is installed).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { describeWithNixpkgsLib, evalNixosOrThrow } from "../testing/nixos.js";
import { tempDirs } from "../testing/tempDirs.js";
import type { Cluster } from "./cluster.js";
import { renderCluster } from "./generate.js";
import { clusterGraph, graphToDot, graphToMermaid } from "./graph.js";

const svgFile = join(import.meta.dirname, "../../docs/cluster.svg");
const tempDir = tempDirs("nix-emit-graph-");

function graphOf(cluster: Cluster) {
  const g = clusterGraph(cluster);
  if (E.isLeft(g)) throw new Error(JSON.stringify(g.left));
  return g.right;
}

describe("the cluster picture", () => {
  it("follows the description: a new worker appears with its units", () => {
    const bigger: Cluster = {
      ...exampleCluster,
      nodes: [
        ...(exampleCluster.nodes ?? []),
        { name: "worker3", addresses: ["fd00:10::13"], roles: ["worker"] },
      ],
    };
    const dot = graphToDot(graphOf(bigger));
    expect(dot).toContain("worker3__k8s_kubelet");
    expect(dot).toContain('label="worker3 (fd00:10::13)"');
    expect(graphToMermaid(graphOf(bigger))).toContain(
      "worker3__k8s_kubelet --> endpoint__apiServerAddress",
    );
  });

  it("draws every unit, the credentials each loads, and who talks to whom", () => {
    const g = graphOf(exampleCluster);
    const dot = graphToDot(g);
    for (const unit of ["k8s_kubelet", "k8s_kube_proxy", "k8s_pod_routes", "k8s_containerd"])
      expect(dot).toContain(`worker1__${unit} [`);
    // CoreDNS's unit (module k8s-dns) and the files it reads through LoadCredential=.
    expect(dot).toMatch(
      /fat_controller__k8s_coredns \[label="k8s-coredns\\nlistens on 53\\n[^\]]*coredns\.pem/,
    );
    const dns = g.modules.find((m) => m.name === "k8s-dns")!;
    expect(dns.secrets).toContainEqual({
      setting: "client-key",
      file: "coredns-key.pem",
      unit: "k8s-coredns",
    });
    // The one-shot addon listens on nothing and reads only the admin kubeconfig.
    expect(dot).toContain(
      'fat_controller__k8s_dns_addon [label="k8s-dns-addon\\nkubeconfig: /etc/kubernetes/admin.kubeconfig"]',
    );
    // etcd's own CA and peer certificates, loaded as credentials.
    expect(dot).toMatch(
      /k8s_etcd \[label="k8s-etcd\\nlistens on 2379, 2380\\n[^\]]*etcd-ca\.pem[^\]]*etcd-peer-key\.pem/,
    );
    expect(dot).toContain("fat_controller__k8s_apiserver -> fat_controller__k8s_etcd;");
    expect(dot).toContain("worker1__k8s_kubelet -> worker1__k8s_containerd;");
    expect(dot).not.toContain("worker1__k8s_kubelet -> fat_controller__k8s_containerd");
    for (const client of ["kube_proxy", "scheduler", "controller_manager", "coredns", "kubelet"])
      expect(dot).toMatch(new RegExp(`__k8s_${client} -> endpoint__apiServerAddress;`));
    expect(dot).toContain(
      "endpoint__apiServerAddress -> fat_controller__k8s_apiserver [style=dashed",
    );
  });

  it("a second controller: etcd peers, and the API servers reach etcd on both", () => {
    const two: Cluster = {
      ...exampleCluster,
      nodes: [
        ...(exampleCluster.nodes ?? []),
        { name: "controller2", addresses: ["fd00:10::2"], roles: ["controller"] },
      ],
    };
    const dot = graphToDot(graphOf(two));
    expect(dot).toContain(
      'fat_controller__k8s_etcd -> controller2__k8s_etcd [dir=both, style=dotted, label="peer"];',
    );
    expect(dot).toContain("controller2__k8s_apiserver -> fat_controller__k8s_etcd;");
    expect(dot).toContain("controller2__k8s_apiserver -> controller2__k8s_etcd;");
    expect(dot).not.toContain("controller2__k8s_kubelet");
  });

  it("docs/cluster.svg is the example's picture", () => {
    const dot = graphToDot(graphOf(exampleCluster));
    if (process.env["UPDATE_DOCS"] === "1") {
      const r = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`dot -Tsvg failed (install graphviz): ${r.stderr}`);
      writeFileSync(svgFile, r.stdout);
    }
    const svg = readFileSync(svgFile, "utf8");
    const g = graphOf(exampleCluster);
    for (const h of g.hosts)
      for (const m of h.modules)
        for (const u of g.modules.find((x) => x.name === m)!.units)
          expect(svg, `${h.name} ${u}`).toContain(
            `${h.name.replace(/-/g, "_")}__${u.replace(/-/g, "_")}`,
          );
    expect(svg).toContain("fat_controller__k8s_apiserver&#45;&gt;fat_controller__k8s_etcd");
  });
});

describeWithNixpkgsLib("the cluster picture against the evaluated tree", (lib) => {
  const g = graphOf(exampleCluster);
  const dot = graphToDot(g);
  const secrets = exampleCluster.secretsPath ?? "/var/lib/kubernetes/secrets";
  let hosts: Record<string, { units: Record<string, string> }> = {};
  beforeAll(() => {
    const tree = renderCluster(exampleCluster);
    if (E.isLeft(tree)) throw new Error(JSON.stringify(tree.left));
    const dir = tempDir();
    for (const [path, text] of tree.right) writeFileSync(join(dir, path), text);
    hosts = Object.fromEntries(
      (exampleCluster.nodes ?? []).map((n) => [
        n.name,
        evalNixosOrThrow({
          lib,
          hostName: n.name,
          modules: [`${dir}/default.nix`],
          select: "{ units = r.units; }",
        }) as { units: Record<string, string> },
      ]),
    );
  });
  /** A unit's text and the store files it points at, and the files those point at. */
  const texts = (unit: string) => {
    const seen = new Set<string>();
    const out = [unit];
    for (let i = 0; i < out.length; i++)
      for (const m of out[i]!.matchAll(/(\/nix\/store\/[A-Za-z0-9._+-]+)/g))
        if (!seen.has(m[1]!)) {
          seen.add(m[1]!);
          try {
            out.push(readFileSync(m[1]!, "utf8"));
          } catch {
            // a package path (bin/kube-apiserver), not a file the harness wrote
          }
        }
    return out;
  };

  it("lists every unit of every host", () => {
    for (const h of g.hosts)
      for (const u of Object.keys(hosts[h.name]!.units))
        expect(dot, `${h.name}: ${u}`).toContain(
          `${h.name.replace(/-/g, "_")}__${u.replace(/-/g, "_")} [`,
        );
  });

  it("lists every port and secret file the units use", () => {
    const seen = new Set<string>();
    for (const [host, { units }] of Object.entries(hosts))
      for (const [unit, text] of Object.entries(units)) {
        const all = texts(text).join("\n");
        const ports = [...all.matchAll(/https?:\/\/(?:\[[^\]]+\]|[^\s"\\,:/[\]]+):(\d+)/g)].map(
          (m) => m[1]!,
        );
        ports.forEach((p) => seen.add(p));
        for (const p of new Set(ports))
          expect(dot, `${host} ${unit}: port ${p}`).toMatch(new RegExp(`\\b${p}\\b`));
        const files = [...all.matchAll(new RegExp(`${secrets}/([A-Za-z0-9._-]+)`, "g"))].map(
          (m) => m[1]!,
        );
        const drawn = g.modules
          .find((m) => m.units.includes(unit))!
          .secrets.filter((s) => s.unit === undefined || s.unit === unit)
          .map((s) => s.file);
        for (const f of new Set(files)) expect(drawn, `${host} ${unit}: ${f}`).toContain(f);
      }
    expect([...seen].sort()).toEqual(["2379", "2380", "6443"]);
  });
});
