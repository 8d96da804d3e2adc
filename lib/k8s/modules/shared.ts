/**
 * What the Kubernetes modules share: secret file names resolved under `services.k8s.secretsPath`,
 * generated settings and flags as defaults that merge leaf by leaf with what Nix sets, the flag
 * options and command lines, and the systemd unit every component runs in.
 */
import { isMarkedNode, n } from "../../ast/build.js";
import { fromValue } from "../../ast/fromValue.js";
import type { Expr } from "../../ast/nodes.js";
import { execStart, mkIf, mkOption, settingsFile, t, type Option } from "../../module/index.js";

/** A file under the secrets folder unless absolute: `"${k8sCfg.secretsPath}/ca.pem"`. */
export function secretFile(secretsPath: Expr, name: string): Expr {
  return name.startsWith("/") ? n.str(name) : n.str`${secretsPath}/${name}`;
}

/** How a module names a secret file: under the secrets folder, or in its credentials folder. */
export type SecretResolver = (name: string) => Expr;

/** Replaces the string values of `keys` (at any depth) by secret files. */
export function resolveSecrets(
  value: unknown,
  keys: ReadonlySet<string>,
  resolve: SecretResolver,
): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveSecrets(v, keys, resolve));
  if (typeof value !== "object" || value === null || isMarkedNode(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      keys.has(k) && typeof v === "string" ? resolve(v) : resolveSecrets(v, keys, resolve),
    ]),
  );
}

/**
 * The secret files of a service that does not run as root, loaded with systemd's
 * `LoadCredential=`: systemd (as root) copies each file into the unit's credentials folder,
 * readable by the service's user whatever the file's owner and mode, so nobody has to guess
 * which user must own which key. The service reads them at `/run/credentials/<unit>.service/<id>`,
 * which is what `%d` (`$CREDENTIALS_DIRECTORY`) expands to for a system unit; the path is written
 * out so that it also works inside config files and kubeconfigs, which systemd does not expand,
 * and needs no `%` escaping on the command line.
 */
export class Credentials {
  private readonly loaded = new Map<string, string>();
  constructor(
    private readonly unit: string,
    private readonly secretsPath: Expr,
  ) {}
  /** The path the service reads `name` (relative to the secrets folder, or absolute) at. */
  readonly file: SecretResolver = (name) => {
    const base = name.slice(name.lastIndexOf("/") + 1);
    let id = base;
    for (let i = 2; this.loaded.has(id) && this.loaded.get(id) !== name; i++) id = `${i}-${base}`;
    this.loaded.set(id, name);
    return n.str(`/run/credentials/${this.unit}.service/${id}`);
  };
  /** `LoadCredential=` entries: `id:source`. */
  loadCredential(): Expr[] {
    return [...this.loaded].map(([id, name]) =>
      name.startsWith("/") ? n.str(`${id}:${name}`) : n.str`${id}:${this.secretsPath}/${name}`,
    );
  }
}

/**
 * Generated settings as defaults on every leaf, so that setting one nested key from Nix changes
 * that key and keeps its siblings (a recursive update, RFC 42 style); lists are leaves:
 *
 * ```nix
 * lib.mapAttrsRecursive (_: lib.mkDefault) { authentication.webhook.cacheTTL = "10s"; }
 * ```
 */
export function leafDefaults(value: unknown): Expr {
  return n.call("lib.mapAttrsRecursive", n.lambda("_", n.ref("lib.mkDefault")), fromValue(value));
}

/**
 * Generated flags as defaults one by one: adding a flag from Nix keeps the others, setting one to
 * `null` removes it.
 *
 * ```nix
 * lib.mapAttrs (_: lib.mkDefault) { bind-address = "::"; }
 * ```
 */
export function flagDefaults(flags: Readonly<Record<string, unknown>>): Expr {
  return n.call("lib.mapAttrs", n.lambda("_", n.ref("lib.mkDefault")), fromValue(flags));
}

/** The `flags` option: command-line flags by name, `null` to drop a default one. */
export function flagsOption(component: string): Option<Record<string, string | null>> {
  return mkOption(t.attrsOf(t.nullOr(t.str)), {
    default: {},
    description: `Flags of ${component} by name without dashes (\`--name=value\`, sorted by name); the generated ones are defaults: add a flag, change one, or set one to null to remove it.`,
  });
}

/** The `enable` option of a component: on by default on hosts with `role` (`services.k8s.<role>`). */
export function roleEnableOption(
  roleRef: Expr,
  role: "controller" | "worker",
  what: string,
): Option<boolean> {
  return mkOption(t.bool, {
    default: roleRef,
    defaultText: `config.services.k8s.${role}`,
    description: `Whether to run ${what} (by default on ${role}s).`,
  });
}

/** A port option: typed, so a user can move it; the component's flag and the firewall read it. */
export function portOption(port: number, what: string): Option<number> {
  return mkOption(t.port, {
    default: port,
    description: `${what}; opened in the firewall when services.k8s.openFirewall is set.`,
  });
}

/** The `extraFlags` option: more command-line words, after the flags. */
export function extraFlagsOption(): Option<string[]> {
  return mkOption(t.listOf(t.str), {
    default: [],
    description: "Extra command-line words, after the flags.",
  });
}

/**
 * The command line of a component, each word escaped for systemd:
 *
 * ```nix
 * utils.escapeSystemdExecArgs (
 *   [ "${k8sCfg.package}/bin/kubelet" ]
 *   ++ lib.mapAttrsToList (name: value: "--${name}=${value}") (lib.filterAttrs (_: value: value != null) cfg.flags)
 *   ++ cfg.extraFlags
 * )
 * ```
 */
export function commandLine(program: Expr, flags: Expr, extraFlags: Expr): Expr {
  const set = n.call(
    "lib.filterAttrs",
    n.lambda("_", n.lambda("value", n.neq(n.id("value"), n.null))),
    flags,
  );
  const words = n.call(
    "lib.mapAttrsToList",
    n.lambda("name", n.lambda("value", n.str`--${n.id("name")}=${n.id("value")}`)),
    set,
  );
  return execStart(n.concat(n.list([program]), n.concat(words, extraFlags)));
}

/** A JSON file in the store: `(pkgs.formats.json { }).generate "name" value`, as a string. */
export function jsonFile(name: string, value: unknown): Expr {
  return n.str`${settingsFile("json", name, value)}`;
}

/** The systemd service of a Kubernetes component, in `kubernetes.slice`, part of `kubernetes.target`. */
export function kubernetesService(o: {
  readonly description: string;
  readonly execStart: Expr;
  /** Secret files loaded with `LoadCredential=`. */
  readonly credentials?: Credentials;
  readonly after?: readonly string[];
  /** Units started with this one (`Wants=`), as a list expression or names. */
  readonly wants?: Expr;
  readonly path?: readonly Expr[];
  readonly user?: string;
  /** More `serviceConfig` entries (capabilities, credentials, ...). */
  readonly serviceConfig?: Readonly<Record<string, unknown>>;
}): Record<string, unknown> {
  return {
    description: o.description,
    wantedBy: ["kubernetes.target"],
    after: [...(o.after ?? []), "network-online.target"],
    wants: o.wants
      ? n.concat(o.wants, n.list([n.str("network-online.target")]))
      : ["network-online.target"],
    ...(o.path ? { path: o.path } : {}),
    serviceConfig: {
      Slice: "kubernetes.slice",
      ...(o.user ? { User: o.user, Group: o.user } : {}),
      ExecStart: o.execStart,
      ...(o.credentials ? { LoadCredential: o.credentials.loadCredential() } : {}),
      Restart: "on-failure",
      RestartSec: 5,
      ...(o.serviceConfig ?? {}),
    },
  };
}

/**
 * Ports a component opens in NixOS's firewall when `services.k8s.openFirewall` is set:
 *
 * ```nix
 * networking.firewall.allowedTCPPorts = lib.mkIf k8sCfg.openFirewall [ cfg.port ];
 * ```
 */
export function firewall(
  open: Expr,
  ports: { readonly tcp?: readonly Expr[]; readonly udp?: readonly Expr[] },
): Record<string, unknown> {
  return {
    networking: {
      firewall: {
        ...(ports.tcp ? { allowedTCPPorts: mkIf(open, n.list([...ports.tcp])) } : {}),
        ...(ports.udp ? { allowedUDPPorts: mkIf(open, n.list([...ports.udp])) } : {}),
      },
    },
  };
}

/** The parts of the shared module the component modules read. */
export interface SharedRefs {
  readonly secretsPath: Expr;
  readonly apiServerAddress: Expr;
  readonly nodes: Expr;
  readonly nodeName: Expr;
  readonly nodeIP: Expr;
}

/**
 * A kubeconfig for one client of the API server: the server is `services.k8s.apiServerAddress`,
 * the CA and the client certificate are files of the secrets folder.
 */
export function kubeconfigFor(
  k8s: SharedRefs,
  user: string,
  files: { readonly cert: string; readonly key: string },
  resolve: SecretResolver = (name) => secretFile(k8s.secretsPath, name),
  ca = "ca.pem",
): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: "default",
        cluster: {
          "certificate-authority": resolve(ca),
          server: k8s.apiServerAddress,
        },
      },
    ],
    users: [
      {
        name: user,
        user: {
          "client-certificate": resolve(files.cert),
          "client-key": resolve(files.key),
        },
      },
    ],
    contexts: [{ name: "default", context: { cluster: "default", user } }],
    "current-context": "default",
  };
}

/**
 * An address as a URL host: IPv6 literals in brackets.
 *
 * ```nix
 * if lib.hasInfix ":" ip then "[${ip}]" else ip
 * ```
 */
export function urlHost(ip: Expr): Expr {
  return n.if(n.call("lib.hasInfix", n.str(":"), ip), n.str`[${ip}]`, ip);
}

/**
 * An attribute of this host's entry in `services.k8s.nodes`, or `fallback`:
 *
 * ```nix
 * k8sCfg.nodes.${k8sCfg.nodeName}.labels or { }
 * ```
 */
export function thisNode(k8s: SharedRefs, attr: string, fallback: Expr): Expr {
  return n.selOr(k8s.nodes, [n.interp(k8s.nodeName), attr], fallback);
}
