/**
 * A picture of the cluster as it will run (`nix-emit generate --graph`): the hosts, the units each
 * runs, the ports they listen on, the kubeconfigs and secret files each reads, and who talks to
 * whom. It is read from the rendered module tree (the same Nix text `generate` writes), not from a
 * hand-kept list, so a new module, unit, flag or secret appears by itself:
 *
 * - a module is a file declaring `options.services.<name>`; its role is the role its `enable`
 *   option defaults to (`config.services.k8s.controller` or `.worker`), and a host runs it when the
 *   host has that role;
 * - its units are the `systemd.services.<unit>` it defines (or the module itself when it configures
 *   a NixOS service instead, like containerd);
 * - secrets are the strings `"${...secretsPath}/<file>"` with the binding that holds them;
 *   kubeconfigs are the files generated under a name containing `kubeconfig`;
 * - ports are those of the `listen-*` URLs; connections are references to another module's
 *   options (`config.services.k8s-etcd.clientUrls`) and to URL-valued options of the shared module
 *   (`apiServerAddress`), drawn to the host whose address the URL names.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import type { Cluster } from "./cluster.js";
import { renderCluster } from "./generate.js";

/** One module of the tree and what its units do. */
export interface GraphModule {
  /** The option path under `services` (`k8s-apiserver`). */
  readonly name: string;
  /** The file it lives in (`apiserver.nix`). */
  readonly file: string;
  /** The role that enables it (`controller`, `worker`), if any. */
  readonly role: string | undefined;
  /** Its systemd units (the module's name when it configures a NixOS service instead). */
  readonly units: readonly string[];
  /** Ports it listens on. */
  readonly ports: readonly number[];
  /** Secret files it reads (relative to the secrets folder), with the setting naming each. */
  readonly secrets: readonly { readonly setting: string; readonly file: string }[];
  /** Kubeconfig files it writes for itself. */
  readonly kubeconfigs: readonly string[];
  /** Modules it talks to (by reference to their options). */
  readonly talksTo: readonly string[];
  /** URL options of the shared module it connects to (`apiServerAddress`). */
  readonly endpoints: readonly string[];
}

/** A URL-valued option of the shared module (`services.k8s.apiServerAddress`). */
export interface GraphEndpoint {
  readonly option: string;
  readonly url: string;
  readonly port: number | undefined;
  /** The host whose address (or name) the URL names. */
  readonly host: string | undefined;
}

/** The cluster as it will run. */
export interface ClusterGraph {
  readonly hosts: readonly {
    readonly name: string;
    readonly addresses: readonly string[];
    readonly modules: readonly string[];
  }[];
  readonly modules: readonly GraphModule[];
  readonly endpoints: readonly GraphEndpoint[];
}

const all = (re: RegExp, text: string, group = 1): string[] =>
  [...text.matchAll(re)].map((m) => m[group]!);
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function readModule(file: string, text: string): GraphModule | undefined {
  const name = /options\.services\.([A-Za-z0-9_-]+) =/.exec(text)?.[1];
  if (name === undefined) return undefined;
  const role =
    /enable = lib\.mkOption \{[^}]*?defaultText = lib\.literalExpression "config\.services\.k8s\.(\w+)"/.exec(
      text,
    )?.[1];
  const units = unique(all(/systemd\.services\.([A-Za-z0-9_-]+) =/g, text));
  // A listen-* flag's string runs to the `";` that ends its binding (it may hold `"[${ip}]"`).
  const listen = all(/listen-[a-z-]+ = "([\s\S]*?)";\n/g, text).join(",");
  const ports = unique(all(/:(\d{1,5})(?=[,/"]|$)/g, listen).map(Number)).sort((a, b) => a - b);
  const secrets = [
    ...text.matchAll(/([A-Za-z0-9_.-]+) = "\$\{[A-Za-z0-9_]+\.secretsPath\}\/([^"]+)"/g),
  ].map((m) => ({ setting: m[1]!, file: m[2]! }));
  const kubeconfigs = unique(all(/generate "([^"]*kubeconfig[^"]*)"/g, text));
  const talksTo = unique(all(/config\.services\.([A-Za-z0-9_-]+)\./g, text)).filter(
    (m) => m !== name && m !== "k8s",
  );
  return {
    name,
    file,
    role,
    units: units.length > 0 ? units : role !== undefined ? [name] : [],
    ports,
    secrets,
    kubeconfigs,
    talksTo,
    endpoints: [],
  };
}

/** The graph of the tree `renderCluster(cluster)` writes. */
export function clusterGraph(cluster: Cluster): E.Either<Issue[], ClusterGraph> {
  const tree = renderCluster(cluster);
  if (E.isLeft(tree)) return tree;
  const texts = [...tree.right].filter(([path]) => path.endsWith(".nix"));
  // The shared module's URL options (`apiServerAddress = lib.mkOption { ... default = "https://..."`).
  const shared = texts.find(([, t]) => /options\.services\.k8s =/.test(t))?.[1] ?? "";
  const nodes = cluster.nodes ?? [];
  const endpoints: GraphEndpoint[] = [
    ...shared.matchAll(/(\w+) = lib\.mkOption \{[^}]*?default = "([a-z]+:\/\/[^"]+)";/g),
  ].map((m) => {
    const url = m[2]!;
    const u = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/.exec(url);
    const host = u?.[1]?.replace(/^\[|\]$/g, "");
    return {
      option: m[1]!,
      url,
      port: u?.[2] !== undefined ? Number(u[2]) : undefined,
      host: nodes.find((n) => n.name === host || (n.addresses ?? []).includes(host ?? ""))?.name,
    };
  });
  const modules = texts.flatMap(([file, text]) => {
    const m = readModule(file, text);
    if (m === undefined || m.units.length === 0) return [];
    const uses = endpoints
      .filter((e) => new RegExp(`\\.${e.option}\\b`).test(text))
      .map((e) => e.option);
    return [{ ...m, endpoints: uses }];
  });
  const hosts = nodes.map((n) => ({
    name: n.name,
    addresses: n.addresses,
    modules: modules
      .filter((m) => m.role !== undefined && n.roles.includes(m.role as "controller" | "worker"))
      .map((m) => m.name),
  }));
  return E.right({ hosts, modules, endpoints });
}

const id = (...parts: string[]) => parts.join("__").replace(/[^A-Za-z0-9_]/g, "_");

/** Every unit box of the picture: host, unit, its module and its lines of text. */
function boxes(g: ClusterGraph) {
  const byName = new Map(g.modules.map((m) => [m.name, m]));
  return g.hosts.flatMap((h) =>
    h.modules.flatMap((name) => {
      const m = byName.get(name)!;
      return m.units.map((unit) => ({
        host: h.name,
        unit,
        module: m,
        lines: [
          unit,
          ...(m.ports.length > 0 ? [`listens on ${m.ports.join(", ")}`] : []),
          ...m.kubeconfigs.map((k) => `kubeconfig: ${k}`),
          ...unique(m.secrets.map((s) => s.file)),
        ],
      }));
    }),
  );
}

/** The connections between boxes: [from box id, to box id or endpoint id]. */
function edges(g: ClusterGraph): { from: string; to: string; endpoint: boolean }[] {
  const byName = new Map(g.modules.map((m) => [m.name, m]));
  return boxes(g).flatMap((b) => [
    ...b.module.talksTo.flatMap((other) =>
      g.hosts.find((h) => h.name === b.host)!.modules.includes(other)
        ? byName
            .get(other)!
            .units.map((u) => ({ from: id(b.host, b.unit), to: id(b.host, u), endpoint: false }))
        : [],
    ),
    ...b.module.endpoints.map((e) => ({
      from: id(b.host, b.unit),
      to: id("endpoint", e),
      endpoint: true,
    })),
  ]);
}

/** The graph in Graphviz's language (`dot -Tsvg`). */
export function graphToDot(g: ClusterGraph): string {
  const q = (lines: readonly string[]) =>
    `"${lines.map((l) => l.replace(/["\\]/g, "\\$&")).join("\\n")}"`;
  const out = [
    "digraph cluster {",
    "  compound=true; rankdir=LR;",
    '  node [shape=box, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const all = boxes(g);
  for (const h of g.hosts) {
    out.push(`  subgraph ${id("cluster", h.name)} {`);
    out.push(`    label=${q([`${h.name} (${h.addresses.join(", ")})`])}; style=rounded;`);
    for (const b of all.filter((b) => b.host === h.name))
      out.push(`    ${id(b.host, b.unit)} [label=${q(b.lines)}];`);
    out.push("  }");
  }
  for (const e of g.endpoints) {
    out.push(`  ${id("endpoint", e.option)} [shape=ellipse, label=${q([e.option, e.url])}];`);
    const first = all.find((b) => b.host === e.host);
    if (first)
      out.push(
        `  ${id("endpoint", e.option)} -> ${id(first.host, first.unit)} [style=dashed, lhead=${id("cluster", first.host)}, label=${q([`port ${e.port ?? "?"}`])}];`,
      );
  }
  for (const e of edges(g)) out.push(`  ${e.from} -> ${e.to};`);
  out.push("}");
  return out.join("\n") + "\n";
}

/** The graph as a Mermaid flowchart (renders in GitHub Markdown). */
export function graphToMermaid(g: ClusterGraph): string {
  const q = (lines: readonly string[]) =>
    `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;
  const out = ["flowchart LR"];
  const all = boxes(g);
  for (const h of g.hosts) {
    out.push(
      `  subgraph ${id("cluster", h.name)} [${q([`${h.name} (${h.addresses.join(", ")})`])}]`,
    );
    for (const b of all.filter((b) => b.host === h.name))
      out.push(`    ${id(b.host, b.unit)}[${q(b.lines)}]`);
    out.push("  end");
  }
  for (const e of g.endpoints) {
    out.push(`  ${id("endpoint", e.option)}([${q([e.option, e.url])}])`);
    if (e.host !== undefined)
      out.push(
        `  ${id("endpoint", e.option)} -. port ${e.port ?? "?"} .-> ${id("cluster", e.host)}`,
      );
  }
  for (const e of edges(g)) out.push(`  ${e.from} --> ${e.to}`);
  return out.join("\n") + "\n";
}

/** The picture's section of docs/k8s.md (the SVG is drawn by `npm run docs:k8s`). */
export function graphMarkdown(): string {
  return [
    "## The example cluster as it runs (`nix-emit generate --graph`)",
    "",
    "`nix-emit generate --graph [--format mermaid|dot] [--config cluster.json]` draws the cluster from the generated tree: the hosts, the units each runs, the ports they listen on, the kubeconfig and secret files each unit reads, and who talks to whom. The example's, drawn with Graphviz (`nix-emit generate --graph --format dot | dot -Tsvg > cluster.svg`):",
    "",
    "![The example cluster: fat-controller runs etcd, the API server, the controller manager, the scheduler, the kubelet and containerd; worker1 and worker2 run the kubelet and containerd; every kubelet, the controller manager and the scheduler reach the API server at apiServerAddress](cluster.svg)",
    "",
  ].join("\n");
}
