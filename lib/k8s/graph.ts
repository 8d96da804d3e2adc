/**
 * A picture of the cluster as it will run (`nix-emit generate --graph`): the hosts, the units each
 * runs, the ports they listen on, the kubeconfigs and secret files each reads, and who talks to
 * whom. It is read from the same typed module values that render the tree (`clusterModules`: each
 * module's options and its `config` as a Nix expression before printing), not from the printed
 * text nor from a hand-kept list, so a new module, unit, port option or secret appears by itself:
 *
 * - a module's hosts are those with a role its `enable` option defaults to (a reference to
 *   `services.k8s.controller` or `.worker`), or, without one, a role its `lib.mkIf` condition
 *   names (the pod network: controllers and workers); an `enable` defaulting to `false` runs nowhere;
 * - its units are the attributes of `systemd.services` in its config (or the module itself when it
 *   configures a NixOS service instead, like containerd);
 * - its ports are its options of type `port` and the literal ports it opens in the firewall;
 * - its secrets are the strings `"${services.k8s.secretsPath}/<file>"` it holds, and the paths
 *   `/run/credentials/<unit>.service/<id>` followed back through the unit's `LoadCredential=`
 *   entries (`<id>:${secretsPath}/<file>`) to the file under the secrets folder;
 * - its kubeconfigs are the generated files (`(pkgs.formats.json { }).generate "<name>"`) whose name
 *   holds `kubeconfig`, and `--kubeconfig=<path>` words;
 * - connections are references to another module's options: an option computed from
 *   `services.k8s.nodes` (etcd's `clientUrls`) reaches that module on every host running it, an
 *   option named like a socket (containerd's `socketPath`) on the same host; a module referring to
 *   its own option computed from the nodes (etcd's `initialCluster`) talks to its peers on the
 *   other hosts; references to URL-valued options of the shared module (`apiServerAddress`) go to
 *   the host whose address the URL names.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import { fromValue } from "../ast/fromValue.js";
import type { AttrName, Expr } from "../ast/nodes.js";
import type { Issue } from "../errors.js";
import { type AnyModule, t } from "../module/index.js";
import { type Cluster, validateCluster } from "./cluster.js";
import { renderCluster } from "./generate.js";
import { clusterModules } from "./modules/index.js";

/** A connection from one module to another's units, found through a reference to its option. */
export interface GraphLink {
  /** The other module's option path under `services` (`k8s-etcd`). */
  readonly module: string;
  /** The option referred to (`clientUrls`). */
  readonly via: string;
  /** Whether only the units on the same host are reached (a local socket). */
  readonly sameHost: boolean;
}

/** A file a module's units read; `unit` when only that unit reads it. */
export interface GraphFile {
  readonly setting: string;
  readonly file: string;
  readonly unit?: string;
}

/** One module of the tree and what its units do. */
export interface GraphModule {
  /** The option path under `services` (`k8s-apiserver`). */
  readonly name: string;
  /** The file it lives in (`apiserver.nix`). */
  readonly file: string;
  /** The roles whose hosts run it (`controller`, `worker`); empty when it runs nowhere. */
  readonly roles: readonly Role[];
  /** Its systemd units (the module's name when it configures a NixOS service instead). */
  readonly units: readonly string[];
  /** Ports it listens on. */
  readonly ports: readonly number[];
  /**
   * Secret files it reads (relative to the secrets folder), with the setting naming each and the
   * unit reading it when only one does (a credential of that unit, or a setting in its definition).
   */
  readonly secrets: readonly GraphFile[];
  /** Kubeconfig files it writes for itself or reads, likewise. */
  readonly kubeconfigs: readonly GraphFile[];
  /** Units that run once (`Type = "oneshot"`) and so listen on none of the module's ports. */
  readonly oneshot: readonly string[];
  /** Modules it talks to (by reference to their options). */
  readonly talksTo: readonly GraphLink[];
  /** Own options listing its members on every host (`initialCluster`): it talks to its peers. */
  readonly peers: readonly string[];
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

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
const SHARED = "services.k8s";

/** A static attribute name (`foo`, `"k8s-etcd"`), or undefined for `${...}`. */
function nameOf(a: AttrName): string | undefined {
  if (a.type === "ident") return a.name;
  if (a.type === "string" && a.parts.every((p) => p.type === "text"))
    return a.parts.map((p) => (p.type === "text" ? p.raw : "")).join("");
  return undefined;
}

/** `config.<module path>.<option>` as `{ module: "services.k8s-etcd", option: "clientUrls" }`. */
function optionRef(e: Expr): { readonly module: string; readonly option: string } | undefined {
  if (e.type !== "select" || e.expr.type !== "ident" || e.expr.name !== "config") return undefined;
  const names = e.path.map(nameOf);
  if (names.length < 2 || names.some((x) => x === undefined)) return undefined;
  return { module: names.slice(0, -1).join("."), option: names[names.length - 1]! };
}

const isExpr = (v: unknown): v is Expr =>
  typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";

/**
 * Calls `visit` on every expression under `e` with the attribute path leading to it (through
 * nested attribute sets; function applications, lists and conditions keep the path).
 */
function walk(
  e: unknown,
  visit: (e: Expr, path: readonly string[]) => void,
  path: readonly string[] = [],
): void {
  if (Array.isArray(e)) {
    for (const x of e) walk(x, visit, path);
    return;
  }
  if (!isExpr(e)) return;
  visit(e, path);
  if (e.type === "attrs" || e.type === "let") {
    for (const b of e.bindings)
      if (b.type === "assignment")
        walk(b.value, visit, [...path, ...b.path.map((a) => nameOf(a) ?? "*")]);
    if (e.type === "let") walk(e.body, visit, path);
    return;
  }
  for (const [k, v] of Object.entries(e))
    if (k !== "comments" && k !== "type" && (isExpr(v) || Array.isArray(v))) walk(v, visit, path);
}

/** Every option reference under `e`. */
function refsIn(e: unknown): { readonly module: string; readonly option: string }[] {
  const out: { module: string; option: string }[] = [];
  walk(e, (x) => {
    const r = optionRef(x);
    if (r) out.push(r);
  });
  return out;
}

/** The text of a string whose parts are all text, else undefined. */
function literal(e: Expr): string | undefined {
  return e.type === "string" && e.parts.every((p) => p.type === "text")
    ? e.parts.map((p) => (p.type === "text" ? p.raw : "")).join("")
    : undefined;
}

const isSecretsPath = (e: Expr) => {
  const r = optionRef(e);
  return r?.module === SHARED && r.option === "secretsPath";
};

/** A role of a host. */
export type Role = "controller" | "worker";

/**
 * The roles whose hosts run a module: those its `enable` option defaults to, or, without one, those
 * the condition of its top `lib.mkIf` names; none when `enable` defaults to `false`.
 */
function moduleRoles(module: AnyModule, config: Expr): Role[] {
  const enable = (module.spec.options as Readonly<Record<string, { default?: unknown }>>)["enable"]
    ?.default;
  const topCondition =
    config.type === "apply" && config.fn.type === "apply" ? config.fn.arg : undefined;
  const condition = enable !== undefined ? enable : topCondition;
  if (condition === false) return [];
  return unique(
    refsIn(condition)
      .filter((r) => r.module === SHARED)
      .map((r) => r.option)
      .filter((o): o is Role => o === "controller" || o === "worker"),
  );
}

/** A module file of the tree and the hosts that run it. */
export interface TreeFile {
  readonly file: string;
  /** Whether it is the shared module (`k8s.nix`: the cluster and this host's roles). */
  readonly shared: boolean;
  /** The roles whose hosts run it by default; empty for the shared module and disabled ones. */
  readonly roles: readonly Role[];
}

/** The module files the tree of `cluster` holds (besides `default.nix`), in the tree's order. */
export function treeFiles(cluster: Cluster): TreeFile[] {
  return (Object.values(clusterModules(cluster)) as AnyModule[]).map((m) => {
    const shared = m.spec.path.join(".") === SHARED;
    const config = m.spec.config ? fromValue(m.spec.config({ cfg: m.cfg })) : undefined;
    return {
      file: `${m.spec.name}.nix`,
      shared,
      roles: shared || config === undefined ? [] : moduleRoles(m, config),
    };
  });
}

type OptionRef = { readonly module: string; readonly option: string };
type ReadModule = Omit<GraphModule, "talksTo" | "peers" | "endpoints"> & {
  readonly path: string;
  readonly refs: readonly OptionRef[];
};

/** What a module's typed value says about its units (its connections are resolved later). */
function readModule(module: AnyModule): ReadModule | undefined {
  const { spec } = module;
  const own = spec.path.join(".");
  const name = spec.path[spec.path.length - 1]!;
  if (own === SHARED) return undefined;
  const config = spec.config ? fromValue(spec.config({ cfg: module.cfg })) : undefined;
  if (config === undefined) return undefined;
  const options = spec.options as Readonly<Record<string, { type: unknown; default?: unknown }>>;
  const roles = moduleRoles(module, config);
  const units: string[] = [];
  const direct: GraphFile[] = [];
  const oneshot: string[] = [];
  const credentialUses: { setting: string; unit: string; id: string }[] = [];
  const credentials = new Map<string, string>(); // "unit/id" -> file
  const kubeconfigs: GraphFile[] = [];
  const firewallPorts: number[] = [];
  const ownDefault = (option: string): unknown => options[option]?.default;
  walk(config, (e, path) => {
    const last = path[path.length - 1] ?? "";
    // Under `systemd.services.<unit>`: what is found there is that unit's alone.
    const at = path.findIndex((p, k) => p === "systemd" && path[k + 1] === "services");
    const unit = at >= 0 ? path[at + 2] : undefined;
    const scope = unit !== undefined ? { unit } : {};
    if (unit !== undefined && !units.includes(unit)) units.push(unit);
    if (unit !== undefined && last === "Type" && literal(e) === "oneshot") oneshot.push(unit);
    if (e.type === "string") {
      e.parts.forEach((p, k) => {
        const next = e.parts[k + 1];
        if (p.type === "interpolation" && isSecretsPath(p.expr) && next?.type === "text") {
          const file = /^\/([^\s,]+)/.exec(next.raw)?.[1];
          if (file === undefined) return;
          const before = e.parts[k - 1];
          const id = before?.type === "text" ? /([^\s,]+):$/.exec(before.raw)?.[1] : undefined;
          if (last === "LoadCredential" && id !== undefined && unit !== undefined)
            credentials.set(`${unit}/${id}`, file);
          else direct.push({ setting: last, file, ...scope });
        }
      });
      const text = literal(e);
      if (text !== undefined) {
        const loaded = /^([^:/]+):(\/.+)$/.exec(text);
        if (last === "LoadCredential" && loaded && unit !== undefined)
          credentials.set(`${unit}/${loaded[1]!}`, loaded[2]!);
        for (const m of text.matchAll(/\/run\/credentials\/([^/]+)\.service\/([^\s,"]+)/g))
          credentialUses.push({ setting: last, unit: m[1]!, id: m[2]! });
        for (const m of text.matchAll(/--kubeconfig=(\S+)/g))
          kubeconfigs.push({ setting: "kubeconfig", file: m[1]!, ...scope });
      }
    }
    // `(pkgs.formats.json { }).generate "<name>" value`
    if (
      e.type === "apply" &&
      e.fn.type === "select" &&
      nameOf(e.fn.path[e.fn.path.length - 1]!) === "generate"
    ) {
      const file = literal(e.arg);
      if (file?.includes("kubeconfig")) kubeconfigs.push({ setting: last, file, ...scope });
    }
    if (
      (last === "allowedTCPPorts" || last === "allowedUDPPorts") &&
      path[path.length - 2] === "firewall"
    ) {
      if (e.type === "int") firewallPorts.push(Number(e.value));
      const r = optionRef(e);
      const d = r?.module === own ? ownDefault(r.option) : undefined;
      if (typeof d === "number") firewallPorts.push(d);
    }
  });
  const portOptions = Object.values(options)
    .filter((o) => o.type === t.port && typeof o.default === "number")
    .map((o) => o.default as number);
  // A path in a unit's credentials folder is the file its `LoadCredential=` entry loads.
  const secrets: GraphFile[] = [
    ...direct,
    ...credentialUses.flatMap((u) => {
      const file = credentials.get(`${u.unit}/${u.id}`);
      return file === undefined ? [] : [{ setting: u.setting, file, unit: u.unit }];
    }),
  ];
  // Every loaded credential is read, whether or not a setting names its path.
  for (const [key, file] of credentials) {
    const unit = key.slice(0, key.indexOf("/"));
    if (!secrets.some((s) => s.file === file && s.unit === unit))
      secrets.push({ setting: `LoadCredential ${key.slice(key.indexOf("/") + 1)}`, file, unit });
  }
  const dedupe = (xs: readonly GraphFile[]): GraphFile[] =>
    unique(xs.map((x) => JSON.stringify(x))).map((x) => JSON.parse(x) as GraphFile);
  return {
    name,
    path: own,
    file: `${spec.name}.nix`,
    roles,
    units: units.length > 0 ? units : roles.length > 0 ? [name] : [],
    ports: unique([...portOptions, ...firewallPorts]).sort((a, b) => a - b),
    secrets: dedupe(secrets),
    kubeconfigs: dedupe(kubeconfigs),
    oneshot,
    refs: refsIn([config, ...Object.values(options).map((o) => o.default)]),
  };
}

/** The graph of the tree `renderCluster(cluster)` writes, from the modules that render it. */
export function clusterGraph(input: Cluster): E.Either<Issue[], ClusterGraph> {
  const valid = validateCluster(input);
  if (E.isLeft(valid)) return valid;
  const cluster = valid.right;
  const tree = renderCluster(cluster);
  if (E.isLeft(tree)) return tree;
  const all = Object.values(clusterModules(cluster)) as AnyModule[];
  const optionsOf = new Map(
    all.map((m) => [
      m.spec.path.join("."),
      m.spec.options as Readonly<Record<string, { default?: unknown }>>,
    ]),
  );
  const nodes = cluster.nodes ?? [];
  // The shared module's URL options (`apiServerAddress`, default "https://...").
  const endpoints: GraphEndpoint[] = Object.entries(optionsOf.get(SHARED) ?? {}).flatMap(
    ([option, o]) => {
      const url = o.default;
      if (typeof url !== "string" || !/^[a-z]+:\/\//.test(url)) return [];
      const u = /^[a-z]+:\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/.exec(url);
      const host = u?.[1]?.replace(/^\[|\]$/g, "");
      return [
        {
          option,
          url,
          port: u?.[2] !== undefined ? Number(u[2]) : undefined,
          host: nodes.find((n) => n.name === host || (n.addresses ?? []).includes(host ?? ""))
            ?.name,
        },
      ];
    },
  );
  // An option computed from the node list names every host running its module.
  const fromNodes = (r: OptionRef) =>
    refsIn(optionsOf.get(r.module)?.[r.option]?.default).some(
      (x) => x.module === SHARED && x.option === "nodes",
    );
  const modules = all.flatMap((m): GraphModule[] => {
    const read = readModule(m);
    if (read === undefined || read.units.length === 0) return [];
    const { refs, path, ...rest } = read;
    const others = refs.filter((r) => r.module !== path && r.module !== SHARED);
    const talksTo = unique(
      others.flatMap((r) =>
        /socket/i.test(r.option) || fromNodes(r)
          ? [
              JSON.stringify({
                module: r.module.split(".").pop()!,
                via: r.option,
                sameHost: /socket/i.test(r.option),
              }),
            ]
          : [],
      ),
    ).map((s) => JSON.parse(s) as GraphLink);
    return [
      {
        ...rest,
        talksTo,
        peers: unique(refs.filter((r) => r.module === path && fromNodes(r)).map((r) => r.option)),
        endpoints: unique(
          refs
            .filter((r) => r.module === SHARED && endpoints.some((e) => e.option === r.option))
            .map((r) => r.option),
        ),
      },
    ];
  });
  const hosts = nodes.map((n) => ({
    name: n.name,
    addresses: n.addresses ?? [],
    modules: modules.filter((m) => m.roles.some((r) => n.roles.includes(r))).map((m) => m.name),
  }));
  return E.right({ hosts, modules, endpoints });
}

const id = (...parts: string[]) => parts.join("__").replace(/[^A-Za-z0-9_]/g, "_");

/** Whether a file of a module is read by `unit` (it is, unless another unit alone reads it). */
const mine =
  (unit: string) =>
  (f: GraphFile): boolean =>
    f.unit === undefined || f.unit === unit;

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
          ...(m.ports.length > 0 && !m.oneshot.includes(unit)
            ? [`listens on ${m.ports.join(", ")}`]
            : []),
          ...unique(m.kubeconfigs.filter(mine(unit)).map((k) => `kubeconfig: ${k.file}`)),
          ...unique(m.secrets.filter(mine(unit)).map((s) => s.file)),
        ],
      }));
    }),
  );
}

/** The connections between boxes: [from box id, to box id or endpoint id]. */
function edges(g: ClusterGraph): { from: string; to: string; endpoint: boolean; peer: boolean }[] {
  const byName = new Map(g.modules.map((m) => [m.name, m]));
  const runs = (host: string, module: string) =>
    g.hosts.find((h) => h.name === host)!.modules.includes(module);
  const seen = new Set<string>();
  return boxes(g).flatMap((b) => {
    const from = id(b.host, b.unit);
    const out = [
      ...b.module.talksTo.flatMap((link) =>
        g.hosts
          .filter((h) => (link.sameHost ? h.name === b.host : true) && runs(h.name, link.module))
          .flatMap((h) =>
            byName.get(link.module)!.units.map((u) => ({
              from,
              to: id(h.name, u),
              endpoint: false,
              peer: false,
            })),
          ),
      ),
      ...(b.module.peers.length > 0
        ? g.hosts
            .filter((h) => h.name !== b.host && runs(h.name, b.module.name))
            .map((h) => ({ from, to: id(h.name, b.unit), endpoint: false, peer: true }))
        : []),
      ...b.module.endpoints.map((e) => ({
        from,
        to: id("endpoint", e),
        endpoint: true,
        peer: false,
      })),
    ];
    return out.filter((e) => {
      const key = `${e.from} ${e.to}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
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
    // The unit listening on the URL's port, else the host's first.
    const first =
      all.find(
        (b) =>
          b.host === e.host &&
          e.port !== undefined &&
          b.module.ports.includes(e.port) &&
          !b.module.oneshot.includes(b.unit),
      ) ?? all.find((b) => b.host === e.host);
    if (first)
      out.push(
        `  ${id("endpoint", e.option)} -> ${id(first.host, first.unit)} [style=dashed, lhead=${id("cluster", first.host)}, label=${q([`port ${e.port ?? "?"}`])}];`,
      );
  }
  for (const e of edges(g))
    out.push(`  ${e.from} -> ${e.to}${e.peer ? ' [dir=both, style=dotted, label="peer"]' : ""};`);
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
  for (const e of edges(g)) out.push(`  ${e.from} ${e.peer ? "-. peer .->" : "-->"} ${e.to}`);
  return out.join("\n") + "\n";
}

/** The picture's section of docs/k8s.md (the SVG is drawn by `npm run docs:k8s`). */
export function graphMarkdown(): string {
  return [
    "## The example cluster as it runs (`nix-emit generate --graph`)",
    "",
    "`nix-emit generate --graph [--format mermaid|dot] [--config cluster.json]` draws the cluster from the modules that render the tree: the hosts, the units each runs, the ports they listen on, the kubeconfig and secret files each unit reads, and who talks to whom. The example's, drawn with Graphviz (`nix-emit generate --graph --format dot | dot -Tsvg > cluster.svg`):",
    "",
    "![The example cluster: fat-controller runs etcd, the API server, the controller manager, the scheduler, CoreDNS and its one-shot addon, and, as a worker too, the kubelet, containerd, kube-proxy and the pod routes; worker1 and worker2 run the kubelet, containerd, kube-proxy and the pod routes; each unit lists its port, kubeconfig and the certificates it loads; the API server talks to etcd, and every kubelet, kube-proxy, the controller manager, the scheduler and CoreDNS reach the API server at apiServerAddress](cluster.svg)",
    "",
  ].join("\n");
}
