/**
 * The kubelet's command line: the flags that have no field in the KubeletConfiguration file (they
 * stay flags), typed; and the check that refuses a config-backed setting passed as a flag, pointing
 * to the field instead.
 */
import type { Issue } from "../errors.js";
import { kubeletConfigurationSchema } from "./kubelet.js";
import { suggest } from "../suggest.js";

/** Flags with no KubeletConfiguration field, plus the few config-backed ones still fine as flags. */
export interface KubeletFlags {
  /** `--config`: the KubeletConfiguration file. */
  readonly config?: string;
  /** `--config-dir`: drop-in directory of KubeletConfiguration files, merged in name order. */
  readonly configDir?: string;
  /** `--kubeconfig`: the kubeconfig for talking to the API server (not the config file!). */
  readonly kubeconfig?: string;
  /** `--bootstrap-kubeconfig`: kubeconfig used to get a client certificate. */
  readonly bootstrapKubeconfig?: string;
  /** `--hostname-override`: the node name instead of the hostname. */
  readonly hostnameOverride?: string;
  /** `--node-ip`: IP address(es) of the node (comma-separated for dual stack). */
  readonly nodeIp?: string | readonly string[];
  /** `--node-labels`: labels to add when registering the node. */
  readonly nodeLabels?: Readonly<Record<string, string>>;
  /** `--cert-dir`: directory of the TLS certificates. */
  readonly certDir?: string;
  /** `--root-dir`: directory of the kubelet's files (volume mounts, ...). */
  readonly rootDir?: string;
  /** `--cloud-provider`: `external` or empty. */
  readonly cloudProvider?: string;
  /** `--lock-file`: lock file path. */
  readonly lockFile?: string;
  /** `--exit-on-lock-contention`. */
  readonly exitOnLockContention?: boolean;
  /** `--runtime-cgroups`: cgroups of the container runtime. */
  readonly runtimeCgroups?: string;
  /** `--image-credential-provider-config`. */
  readonly imageCredentialProviderConfig?: string;
  /** `--image-credential-provider-bin-dir`. */
  readonly imageCredentialProviderBinDir?: string;
  /** `--v`: log verbosity. */
  readonly v?: number;
  /** `--vmodule`: per-file verbosity, `pattern=N,...`. */
  readonly vmodule?: string;
  /** `--log-flush-frequency`. */
  readonly logFlushFrequency?: string;
}

const FLAG_NAMES: Readonly<Record<keyof KubeletFlags, string>> = {
  config: "config",
  configDir: "config-dir",
  kubeconfig: "kubeconfig",
  bootstrapKubeconfig: "bootstrap-kubeconfig",
  hostnameOverride: "hostname-override",
  nodeIp: "node-ip",
  nodeLabels: "node-labels",
  certDir: "cert-dir",
  rootDir: "root-dir",
  cloudProvider: "cloud-provider",
  lockFile: "lock-file",
  exitOnLockContention: "exit-on-lock-contention",
  runtimeCgroups: "runtime-cgroups",
  imageCredentialProviderConfig: "image-credential-provider-config",
  imageCredentialProviderBinDir: "image-credential-provider-bin-dir",
  v: "v",
  vmodule: "vmodule",
  logFlushFrequency: "log-flush-frequency",
};

/** The command-line words for `flags`, in a stable order (`--kubeconfig=/path`, ...). */
export function kubeletFlagArgs(flags: KubeletFlags): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FLAG_NAMES) as (keyof KubeletFlags)[]) {
    const value = flags[key];
    if (value === undefined) continue;
    const name = FLAG_NAMES[key];
    const text =
      typeof value === "object" && !Array.isArray(value)
        ? Object.entries(value as Record<string, string>)
            .map(([k, v]) => `${k}=${v}`)
            .join(",")
        : Array.isArray(value)
          ? value.join(",")
          : String(value);
    out.push(`--${name}=${text}`);
  }
  return out;
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
    const fieldName = FIELD_OF_FLAG[flag] ?? byLower.get(camel(flag).toLowerCase());
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
  return suggest(flag, Object.values(FLAG_NAMES));
}
