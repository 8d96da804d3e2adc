/**
 * The kubelet's command line: the flags that have no field in the KubeletConfiguration file (they
 * stay flags), typed; and the check that refuses a config-backed setting passed as a flag, pointing
 * to the field instead.
 */
import type { Issue } from "../errors.js";
import { suggest } from "../suggest.js";
import { flagText, kebab } from "./flags.js";
import { kubeletConfigurationSchema } from "./kubelet.js";
import {
  boolean,
  duration,
  either,
  enumOf,
  field as f,
  filePath,
  flagString,
  int32,
  listOf,
  mapOf,
  struct,
  type TypeOf,
} from "./schema.js";

/** Flags with no KubeletConfiguration field, plus the few config-backed ones still fine as flags. */
export const kubeletFlagsSchema = struct({
  config: f(filePath, "`--config`: the KubeletConfiguration file (set by the generated module)."),
  configDir: f(
    filePath,
    "`--config-dir`: drop-in directory of KubeletConfiguration files, merged in name order.",
  ),
  kubeconfig: f(
    filePath,
    "`--kubeconfig`: the kubeconfig for talking to the API server (not the config file!).",
  ),
  bootstrapKubeconfig: f(
    filePath,
    "`--bootstrap-kubeconfig`: kubeconfig used to get a client certificate.",
  ),
  hostnameOverride: f(flagString, "`--hostname-override`: the node name instead of the hostname."),
  nodeIp: f(
    either(flagString, listOf(flagString)),
    "`--node-ip`: IP address(es) of the node (a list for dual stack).",
  ),
  nodeLabels: f(mapOf(flagString), "`--node-labels`: labels to add when registering the node."),
  certDir: f(filePath, "`--cert-dir`: directory of the TLS certificates."),
  rootDir: f(filePath, "`--root-dir`: directory of the kubelet's files (volume mounts, ...)."),
  cloudProvider: f(enumOf(["external", ""]), "`--cloud-provider`: `external` or empty."),
  lockFile: f(filePath, "`--lock-file`: lock file path."),
  exitOnLockContention: f(boolean, "`--exit-on-lock-contention`."),
  runtimeCgroups: f(flagString, "`--runtime-cgroups`: cgroups of the container runtime."),
  imageCredentialProviderConfig: f(filePath, "`--image-credential-provider-config`."),
  imageCredentialProviderBinDir: f(filePath, "`--image-credential-provider-bin-dir`."),
  v: f(int32, "`--v`: log verbosity."),
  vmodule: f(flagString, "`--vmodule`: per-file verbosity, `pattern=N,...`."),
  logFlushFrequency: f(duration, "`--log-flush-frequency`."),
});

/** The kubelet's command-line-only flags, typed from `kubeletFlagsSchema`. */
export type KubeletFlags = TypeOf<typeof kubeletFlagsSchema>;

/** The flags by command-line name (`{ "node-ip": "::" }`), in the schema's order. */
export function kubeletFlagValues(flags: KubeletFlags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(kubeletFlagsSchema.fields) as (keyof KubeletFlags)[]) {
    const value = flags[key];
    if (value !== undefined) out[kebab(key)] = flagText(value);
  }
  return out;
}

/** The command-line words for `flags`, in a stable order (`--kubeconfig=/path`, ...). */
export function kubeletFlagArgs(flags: KubeletFlags): string[] {
  return Object.entries(kubeletFlagValues(flags)).map(([name, value]) => `--${name}=${value}`);
}

/** Flags whose setting lives in the config file under another name. */
const FIELD_OF_FLAG: Readonly<Record<string, string>> = {
  "image-gc-high-threshold": "imageGCHighThresholdPercent",
  "image-gc-low-threshold": "imageGCLowThresholdPercent",
  "pod-max-pids": "podPidsLimit",
  "client-ca-file": "authentication.x509.clientCAFile",
  "anonymous-auth": "authentication.anonymous.enabled",
  "authentication-token-webhook": "authentication.webhook.enabled",
  "authentication-token-webhook-cache-ttl": "authentication.webhook.cacheTTL",
  "authorization-mode": "authorization.mode",
  "authorization-webhook-cache-authorized-ttl": "authorization.webhook.cacheAuthorizedTTL",
  "authorization-webhook-cache-unauthorized-ttl": "authorization.webhook.cacheUnauthorizedTTL",
  "eviction-max-pod-grace-period": "evictionMaxPodGracePeriod",
  "system-reserved": "systemReserved",
  "kube-reserved": "kubeReserved",
  "max-open-files": "maxOpenFiles",
};

/** Config-backed flags that are still fine on the command line. */
const ALLOWED_CONFIG_FLAGS = new Set([
  "v",
  "vmodule",
  "log-flush-frequency",
  "provider-id",
  "register-with-taints",
]);

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Problems with extra kubelet flags: a setting that has a KubeletConfiguration field is refused,
 * with the field to set instead (`--cluster-domain` → `clusterDomain`).
 */
export function checkKubeletFlags(args: readonly string[], path = "kubelet.extraFlags"): Issue[] {
  const fields = Object.keys(kubeletConfigurationSchema.fields);
  const byLower = new Map(fields.map((f) => [f.toLowerCase(), f]));
  return args.flatMap((arg, i): Issue[] => {
    const m = /^--?([a-z0-9-]+)(=.*)?$/.exec(arg);
    if (!m) return [];
    const flag = m[1]!;
    if (ALLOWED_CONFIG_FLAGS.has(flag)) return [];
    const fieldName =
      (Object.hasOwn(FIELD_OF_FLAG, flag) ? FIELD_OF_FLAG[flag] : undefined) ??
      byLower.get(camel(flag).toLowerCase());
    if (!fieldName) return [];
    return [
      {
        path: `${path}[${i}]`,
        message: `--${flag} is a KubeletConfiguration setting; passing it as a flag is deprecated and hides it from the config file`,
        hint: `set the field ${fieldName} in the kubelet settings instead`,
      },
    ];
  });
}

/** The flag name for a misspelt command-line-only flag, if one is close. */
export function suggestKubeletFlag(flag: string): string | undefined {
  return suggest(flag, Object.keys(kubeletFlagsSchema.fields).map(kebab));
}
