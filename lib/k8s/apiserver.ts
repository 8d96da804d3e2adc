/**
 * kube-apiserver flags as a typed set covering a secure cluster, with an escape hatch for the rest.
 * The API server has no configuration file for its main settings: everything is flags.
 */
import type { Issue } from "../errors.js";

/** Values of `--authorization-mode`. */
export type AuthorizationMode = "AlwaysAllow" | "AlwaysDeny" | "ABAC" | "Webhook" | "RBAC" | "Node";

/** The flags of a secure kube-apiserver; values are strings or paths unless typed otherwise. */
export interface ApiServerFlags {
  readonly advertiseAddress?: string;
  readonly bindAddress?: string;
  readonly securePort?: number;
  readonly allowPrivileged?: boolean;
  readonly anonymousAuth?: boolean;
  readonly authorizationMode?: readonly AuthorizationMode[];
  /** `--authorization-config`: an AuthorizationConfiguration file; excludes `authorizationMode`. */
  readonly authorizationConfig?: string;
  /** `--authentication-config`: an AuthenticationConfiguration file. */
  readonly authenticationConfig?: string;
  readonly clientCaFile?: string;
  readonly enableAdmissionPlugins?: readonly string[];
  readonly etcdServers?: readonly string[];
  readonly etcdCafile?: string;
  readonly etcdCertfile?: string;
  readonly etcdKeyfile?: string;
  readonly externalHostname?: string;
  readonly tlsCertFile?: string;
  readonly tlsPrivateKeyFile?: string;
  readonly tlsMinVersion?: "VersionTLS12" | "VersionTLS13";
  readonly kubeletCertificateAuthority?: string;
  readonly kubeletClientCertificate?: string;
  readonly kubeletClientKey?: string;
  readonly kubeletPreferredAddressTypes?: readonly string[];
  readonly apiAudiences?: readonly string[];
  readonly serviceAccountIssuer?: string;
  readonly serviceAccountKeyFile?: string;
  readonly serviceAccountSigningKeyFile?: string;
  readonly serviceClusterIpRange?: string;
  readonly encryptionProviderConfig?: string;
  readonly auditPolicyFile?: string;
  readonly auditLogPath?: string;
  readonly featureGates?: Readonly<Record<string, boolean>>;
  readonly profiling?: boolean;
  /** Any other flag, by its name without `--`: `{ "runtime-config": "api/all=true" }`. */
  readonly extra?: Readonly<Record<string, string>>;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const FLAG_NAME_EXCEPTIONS: Readonly<Record<string, string>> = {
  serviceClusterIpRange: "service-cluster-ip-range",
  clientCaFile: "client-ca-file",
};

/** `--name=value` words for the flags, in declaration order, the escape hatch last. */
export function apiServerFlagArgs(flags: ApiServerFlags): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined || key === "extra") continue;
    const name = FLAG_NAME_EXCEPTIONS[key] ?? kebab(key);
    const text = Array.isArray(value)
      ? value.join(",")
      : typeof value === "object"
        ? Object.entries(value as Record<string, boolean>)
            .map(([k, v]) => `${k}=${v}`)
            .join(",")
        : String(value);
    out.push(`--${name}=${text}`);
  }
  for (const [name, value] of Object.entries(flags.extra ?? {})) out.push(`--${name}=${value}`);
  return out;
}

const CIDR4 = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;
const CIDR6 = /^[0-9a-fA-F:]+\/(\d{1,2}|1[01]\d|12[0-8])$/;

/** Problems with a set of API server flags (conflicts, formats), all at once. */
export function checkApiServerFlags(flags: ApiServerFlags, path = "apiserver.flags"): Issue[] {
  const issues: Issue[] = [];
  if (flags.authorizationConfig !== undefined && flags.authorizationMode !== undefined)
    issues.push({
      path: `${path}.authorizationConfig`,
      message: "--authorization-config cannot be combined with --authorization-mode",
      hint: "describe the modes in the AuthorizationConfiguration file, or drop authorizationConfig",
    });
  for (const range of (flags.serviceClusterIpRange ?? "").split(",").filter((r) => r !== ""))
    if (!CIDR4.test(range) && !CIDR6.test(range))
      issues.push({
        path: `${path}.serviceClusterIpRange`,
        message: `${JSON.stringify(range)} is not a CIDR`,
        hint: 'e.g. "10.0.0.0/24" or "fd00::/108"',
      });
  flags.etcdServers?.forEach((s, i) => {
    if (!/^https?:\/\/\S+$/.test(s))
      issues.push({
        path: `${path}.etcdServers[${i}]`,
        message: `${JSON.stringify(s)} is not an etcd URL`,
        hint: 'e.g. "https://[::1]:2379"',
      });
  });
  if (
    flags.securePort !== undefined &&
    !(Number.isInteger(flags.securePort) && flags.securePort > 0 && flags.securePort < 65536)
  )
    issues.push({
      path: `${path}.securePort`,
      message: `must be a port number, got ${flags.securePort}`,
    });
  for (const name of Object.keys(flags.extra ?? {}))
    if (name.startsWith("-"))
      issues.push({
        path: `${path}.extra.${name}`,
        message: "give the flag name without leading dashes",
        hint: `use "${name.replace(/^-+/, "")}"`,
      });
  return issues;
}
