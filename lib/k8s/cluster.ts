/**
 * The description of a cluster node that `generate` turns into NixOS modules, and its validation:
 * every problem at once, each with its path, reason and fix.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { type ApiServerFlags, checkApiServerFlags } from "./apiserver.js";
import {
  type AuthenticationConfiguration,
  type AuthorizationConfiguration,
  type EncryptionConfiguration,
  validateAuthenticationConfiguration,
  validateAuthorizationConfiguration,
  validateEncryptionConfiguration,
} from "./apiserverConfig.js";
import type { ContainerdOptions } from "./containerd.js";
import type { KubeletConfiguration } from "./kubelet.js";
import { type Kubeconfig, validateKubeconfig } from "./kubeconfig.js";
import { type KubeletFlags, checkKubeletFlags } from "./kubeletFlags.js";
import { suggest } from "../suggest.js";
import { validateKubeletConfiguration } from "./validate.js";

/**
 * A node of the cluster. File paths of secrets may be relative (`"kubelet.pem"`): they are then
 * resolved under `services.k8s.secretsPath` in Nix, so moving the secrets moves them all.
 */
export interface Cluster {
  /** Folder of the TLS material; default `/var/lib/kubernetes/secrets`. */
  readonly secretsPath?: string;
  /** This node runs the control plane (the API server). */
  readonly controller?: boolean;
  /** This node runs workloads (the kubelet and containerd). */
  readonly worker?: boolean;
  /** The API server's address for clients, e.g. `https://fat-controller.local:6443`. */
  readonly apiServerAddress?: string;
  readonly kubelet?: {
    /** The KubeletConfiguration (`containerRuntimeEndpoint` is derived from containerd). */
    readonly settings?: KubeletConfiguration;
    /** The kubeconfig the kubelet uses to talk to the API server. */
    readonly kubeconfig?: Kubeconfig;
    /** Command-line-only flags. */
    readonly flags?: KubeletFlags;
    readonly extraFlags?: readonly string[];
  };
  readonly apiserver?: {
    readonly flags?: ApiServerFlags;
    readonly extraFlags?: readonly string[];
    /** Written to a file passed as `--authorization-config` (excludes `flags.authorizationMode`). */
    readonly authorizationConfiguration?: AuthorizationConfiguration;
    /** Written to a file passed as `--authentication-config`. */
    readonly authenticationConfiguration?: AuthenticationConfiguration;
    /** Written to a file passed as `--encryption-provider-config`. */
    readonly encryptionConfiguration?: EncryptionConfiguration;
  };
  readonly containerd?: Partial<ContainerdOptions>;
}

/** Where the TLS material lives unless the cluster says otherwise. */
export const DEFAULT_SECRETS_PATH = "/var/lib/kubernetes/secrets";

const TOP = [
  "secretsPath",
  "controller",
  "worker",
  "apiServerAddress",
  "kubelet",
  "apiserver",
  "containerd",
];

function unknownKeys(v: Record<string, unknown>, known: readonly string[], path: string): Issue[] {
  return Object.keys(v)
    .filter((k) => !known.includes(k))
    .map((k) => {
      const close = suggest(k, known);
      return {
        path: path === "" ? k : `${path}.${k}`,
        message: "unknown field",
        ...(close ? { hint: `did you mean ${close}?` } : {}),
      };
    });
}

/** Problems with a path that ends up inside Nix strings and shell command lines. */
export function checkSafePath(value: unknown, path: string, absolute: boolean): Issue[] {
  if (typeof value !== "string")
    return [{ path, message: `expected a path string, got ${JSON.stringify(value)}` }];
  const issues: Issue[] = [];
  if (/[\n\r\0]/.test(value))
    issues.push({ path, message: "contains a line break or NUL", hint: "paths are one line" });
  if (value.includes("${"))
    issues.push({
      path,
      message: "contains `${`, which would be read as Nix interpolation",
      hint: "write the literal path",
    });
  if (absolute && !value.startsWith("/"))
    issues.push({
      path,
      message: `${JSON.stringify(value)} is not an absolute path`,
      hint: "start it with /",
    });
  return issues;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a cluster description (for instance parsed from `--config cluster.json`). */
export function validateCluster(value: unknown): E.Either<Issue[], Cluster> {
  if (!isObject(value))
    return E.left([{ path: "", message: "the cluster description must be a JSON object" }]);
  const issues: Issue[] = unknownKeys(value, TOP, "");
  if (value["secretsPath"] !== undefined)
    issues.push(...checkSafePath(value["secretsPath"], "secretsPath", true));
  for (const key of ["controller", "worker"])
    if (value[key] !== undefined && typeof value[key] !== "boolean")
      issues.push({ path: key, message: "expected true or false" });
  if (
    value["apiServerAddress"] !== undefined &&
    !/^https:\/\/\S+$/.test(String(value["apiServerAddress"]))
  )
    issues.push({
      path: "apiServerAddress",
      message: "expected an https:// URL",
      hint: 'e.g. "https://fat-controller.local:6443"',
    });
  const kubelet = value["kubelet"];
  if (kubelet !== undefined) {
    if (!isObject(kubelet)) issues.push({ path: "kubelet", message: "expected an object" });
    else {
      issues.push(
        ...unknownKeys(kubelet, ["settings", "kubeconfig", "flags", "extraFlags"], "kubelet"),
      );
      if (kubelet["settings"] !== undefined) {
        const r = validateKubeletConfiguration(kubelet["settings"], "kubelet.settings");
        if (E.isLeft(r)) issues.push(...r.left);
        else
          for (const f of ["tlsCertFile", "tlsPrivateKeyFile"] as const)
            if (r.right[f] !== undefined)
              issues.push(...checkSafePath(r.right[f], `kubelet.settings.${f}`, false));
      }
      if (kubelet["kubeconfig"] !== undefined) {
        const r = validateKubeconfig(kubelet["kubeconfig"], "kubelet.kubeconfig");
        if (E.isLeft(r)) issues.push(...r.left);
      }
      if (kubelet["extraFlags"] !== undefined) {
        const flags = kubelet["extraFlags"];
        if (!Array.isArray(flags) || flags.some((x) => typeof x !== "string"))
          issues.push({ path: "kubelet.extraFlags", message: "expected a list of strings" });
        else issues.push(...checkKubeletFlags(flags as string[]));
      }
    }
  }
  const apiserver = value["apiserver"];
  if (apiserver !== undefined) {
    if (!isObject(apiserver)) issues.push({ path: "apiserver", message: "expected an object" });
    else {
      issues.push(
        ...unknownKeys(
          apiserver,
          [
            "flags",
            "extraFlags",
            "authorizationConfiguration",
            "authenticationConfiguration",
            "encryptionConfiguration",
          ],
          "apiserver",
        ),
      );
      if (isObject(apiserver["flags"]))
        issues.push(...checkApiServerFlags(apiserver["flags"] as ApiServerFlags));
      const structured = [
        ["authorizationConfiguration", validateAuthorizationConfiguration],
        ["authenticationConfiguration", validateAuthenticationConfiguration],
        ["encryptionConfiguration", validateEncryptionConfiguration],
      ] as const;
      for (const [key, validate] of structured) {
        if (apiserver[key] === undefined) continue;
        const r = validate(apiserver[key], `apiserver.${key}`);
        if (E.isLeft(r)) issues.push(...r.left);
      }
      const flags = isObject(apiserver["flags"]) ? apiserver["flags"] : {};
      if (
        apiserver["authorizationConfiguration"] !== undefined &&
        (flags["authorizationMode"] !== undefined || flags["authorizationConfig"] !== undefined)
      )
        issues.push({
          path: "apiserver.authorizationConfiguration",
          message: "cannot be combined with flags.authorizationMode or flags.authorizationConfig",
          hint: "list the authorizers (Node, RBAC, ...) in the AuthorizationConfiguration",
        });
    }
  }
  const containerd = value["containerd"];
  if (containerd !== undefined) {
    if (!isObject(containerd)) issues.push({ path: "containerd", message: "expected an object" });
    else {
      issues.push(
        ...unknownKeys(
          containerd,
          [
            "version",
            "socketPath",
            "cniBinDir",
            "cniConfDir",
            "systemdCgroup",
            "metricsAddress",
            "sandboxImage",
          ],
          "containerd",
        ),
      );
      if (
        containerd["version"] !== undefined &&
        containerd["version"] !== 2 &&
        containerd["version"] !== 3
      )
        issues.push({
          path: "containerd.version",
          message: "expected 2 or 3",
          hint: "3 for containerd 2.x, 2 for containerd 1.x",
        });
      if (containerd["socketPath"] !== undefined)
        issues.push(...checkSafePath(containerd["socketPath"], "containerd.socketPath", true));
    }
  }
  return issues.length > 0 ? E.left(issues) : E.right(value as Cluster);
}
