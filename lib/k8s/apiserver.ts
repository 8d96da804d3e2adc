/**
 * kube-apiserver flags as a typed set covering a secure cluster, with an escape hatch for the rest.
 * The API server has no configuration file for its main settings: everything is flags.
 */
import type { Issue } from "../errors.js";
import { flagValuesWithExtra, kebab } from "./flags.js";
import {
  boolean,
  enumOf,
  field as f,
  filePath,
  flagString,
  listOf,
  mapOf,
  port,
  refine,
  struct,
  type TypeOf,
  url,
} from "./schema.js";

const AUTHORIZATION_MODES = [
  "AlwaysAllow",
  "AlwaysDeny",
  "ABAC",
  "Webhook",
  "RBAC",
  "Node",
] as const;

/** Values of `--authorization-mode`. */
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number];

const CIDR4 = /^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/;
const CIDR6 = /^[0-9a-fA-F:]+\/(\d{1,2}|1[01]\d|12[0-8])$/;

/** One CIDR or a comma-separated pair (dual stack). */
const cidrs = refine(flagString, (v, path) =>
  typeof v !== "string"
    ? []
    : v
        .split(",")
        .filter((range) => !CIDR4.test(range) && !CIDR6.test(range))
        .map((range) => ({
          path,
          message: `${JSON.stringify(range)} is not a CIDR`,
          hint: 'e.g. "10.0.0.0/24" or "fd00::/108"',
        })),
);

/** The flags of a secure kube-apiserver, by camel-case name; `extra` holds any other flag. */
export const apiServerFlagsSchema = struct({
  advertiseAddress: f(flagString, "`--advertise-address`: the address advertised to the cluster."),
  bindAddress: f(flagString, "`--bind-address`: the address to listen on (`::` for all)."),
  securePort: f(port, "`--secure-port`: the HTTPS port (default 6443)."),
  allowPrivileged: f(boolean, "`--allow-privileged`: allow privileged containers."),
  anonymousAuth: f(boolean, "`--anonymous-auth`: allow anonymous requests."),
  authorizationMode: f(
    listOf(enumOf(AUTHORIZATION_MODES)),
    "`--authorization-mode`: the authorizers in order, e.g. Node and RBAC.",
  ),
  authorizationConfig: f(
    filePath,
    "`--authorization-config`: an AuthorizationConfiguration file; excludes `authorizationMode`.",
  ),
  authenticationConfig: f(
    filePath,
    "`--authentication-config`: an AuthenticationConfiguration file.",
  ),
  clientCaFile: f(filePath, "`--client-ca-file`: CA of client certificates."),
  enableAdmissionPlugins: f(listOf(flagString), "`--enable-admission-plugins`."),
  etcdServers: f(
    listOf(url(["https", "http"], "https://[::1]:2379")),
    "`--etcd-servers`: the etcd client URLs.",
  ),
  etcdCafile: f(filePath, "`--etcd-cafile`: CA of etcd's certificate."),
  etcdCertfile: f(filePath, "`--etcd-certfile`: client certificate for etcd."),
  etcdKeyfile: f(filePath, "`--etcd-keyfile`: client key for etcd."),
  externalHostname: f(flagString, "`--external-hostname`: the hostname for external URLs."),
  tlsCertFile: f(filePath, "`--tls-cert-file`: the serving certificate."),
  tlsPrivateKeyFile: f(filePath, "`--tls-private-key-file`: the serving key."),
  tlsMinVersion: f(
    enumOf(["VersionTLS12", "VersionTLS13"]),
    "`--tls-min-version`: the oldest TLS version accepted (1.2 or 1.3; older versions are insecure).",
  ),
  kubeletCertificateAuthority: f(filePath, "`--kubelet-certificate-authority`."),
  kubeletClientCertificate: f(filePath, "`--kubelet-client-certificate`."),
  kubeletClientKey: f(filePath, "`--kubelet-client-key`."),
  kubeletPreferredAddressTypes: f(
    listOf(enumOf(["Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"])),
    "`--kubelet-preferred-address-types`.",
  ),
  apiAudiences: f(listOf(flagString), "`--api-audiences`."),
  serviceAccountIssuer: f(flagString, "`--service-account-issuer`."),
  serviceAccountKeyFile: f(filePath, "`--service-account-key-file`."),
  serviceAccountSigningKeyFile: f(filePath, "`--service-account-signing-key-file`."),
  serviceClusterIpRange: f(cidrs, "`--service-cluster-ip-range`: CIDR(s) of service IPs."),
  encryptionProviderConfig: f(filePath, "`--encryption-provider-config`."),
  auditPolicyFile: f(filePath, "`--audit-policy-file`."),
  auditLogPath: f(filePath, "`--audit-log-path`."),
  featureGates: f(mapOf(boolean), "`--feature-gates`: `Name=true,...`."),
  profiling: f(boolean, "`--profiling`."),
  extra: f(
    mapOf(flagString),
    'Any other flag, by its name without `--`: `{ "runtime-config": "api/all=true" }`.',
  ),
});

/** The flags of a secure kube-apiserver, typed from `apiServerFlagsSchema`. */
export type ApiServerFlags = TypeOf<typeof apiServerFlagsSchema>;

/** The flags by command-line name (`{ "secure-port": "6443" }`), declared flags first, then `extra`. */
export function apiServerFlagValues(flags: ApiServerFlags): Record<string, string> {
  return flagValuesWithExtra(flags);
}

/** `--name=value` words for the flags, in declaration order, the escape hatch last. */
export function apiServerFlagArgs(flags: ApiServerFlags): string[] {
  return Object.entries(apiServerFlagValues(flags)).map(([name, value]) => `--${name}=${value}`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Problems with a set of API server flags, all at once: the schema (types, enums with their
 * casing, unknown flags with did-you-mean), then conflicts and the escape hatch's names.
 */
export function checkApiServerFlags(value: unknown, path = "apiserver.flags"): Issue[] {
  const issues = apiServerFlagsSchema.check(value, path);
  if (!isObject(value)) return issues;
  if (value["authorizationConfig"] !== undefined && value["authorizationMode"] !== undefined)
    issues.push({
      path: `${path}.authorizationConfig`,
      message: "--authorization-config cannot be combined with --authorization-mode",
      hint: "describe the modes in the AuthorizationConfiguration file, or drop authorizationConfig",
    });
  const extra = value["extra"];
  const typed = new Set(Object.keys(apiServerFlagsSchema.fields).map(kebab));
  if (isObject(extra))
    for (const name of Object.keys(extra)) {
      const bare = name.replace(/^-+/, "");
      if (name !== bare)
        issues.push({
          path: `${path}.extra.${name}`,
          message: "give the flag name without leading dashes",
          hint: `use "${bare}"`,
        });
      else if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
        issues.push({
          path: `${path}.extra.${name}`,
          message: "not a flag name (lower-case words joined by dashes)",
        });
      else if (typed.has(name))
        issues.push({
          path: `${path}.extra.${name}`,
          message: `--${name} is a typed flag`,
          hint: `set flags.${name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())} instead`,
        });
    }
  return issues;
}
