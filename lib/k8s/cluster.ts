/**
 * The description of a cluster node that `renderCluster` turns into NixOS modules, as one schema:
 * the TypeScript type and the runtime check (types, enums with their casing, unknown fields with
 * did-you-mean, every problem at once with its path, reason and fix) come from the same definition.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
export { checkSafePath } from "./schema.js";
import { apiServerFlagsSchema, checkApiServerFlags } from "./apiserver.js";
import {
  authenticationConfigurationSchema,
  authorizationConfigurationSchema,
  encryptionConfigurationSchema,
  validateAuthenticationConfiguration,
  validateAuthorizationConfiguration,
  validateEncryptionConfiguration,
} from "./apiserverConfig.js";
import { containerdOptionsSchema } from "./containerd.js";
import { controllerManagerFlagsSchema } from "./controllerManager.js";
import { kubeProxyConfigurationSchema, validateKubeProxyConfiguration } from "./kubeProxy.js";
import { type PodNetwork, podCidrs, podNetworkSchema } from "./network.js";
import { nodeSchema } from "./nodes.js";
import {
  kubeSchedulerConfigurationSchema,
  validateKubeSchedulerConfiguration,
} from "./scheduler.js";
import { kubeletConfigurationSchema } from "./kubelet.js";
import { kubeconfigSchema, validateKubeconfig } from "./kubeconfig.js";
import { checkKubeletFlags, kubeletFlagsSchema } from "./kubeletFlags.js";
import {
  absolutePath,
  boolean,
  checkSafePath,
  field as f,
  flagString,
  listOf,
  mapOf,
  port,
  refine,
  requiredWhen,
  string,
  struct,
  type TypeOf,
  url,
  validatedBy,
} from "./schema.js";
import { validateKubeletConfiguration } from "./validate.js";

/** Where the TLS material lives unless the cluster says otherwise. */
export const DEFAULT_SECRETS_PATH = "/var/lib/kubernetes/secrets";

const SECRET_SETTINGS = ["tlsCertFile", "tlsPrivateKeyFile"] as const;

/** The KubeletConfiguration with its rules, and secret file names that fit in Nix strings. */
const kubeletSettings = validatedBy(kubeletConfigurationSchema, (v, path) => {
  const r = validateKubeletConfiguration(v, path);
  if (E.isLeft(r)) return r;
  const issues = SECRET_SETTINGS.flatMap((k) =>
    r.right[k] === undefined ? [] : checkSafePath(r.right[k], `${path}.${k}`, false),
  );
  return issues.length > 0 ? E.left(issues) : r;
});

/** The sections of a cluster's description. */
const clusterSections = struct({
  $schema: f(
    string,
    'The JSON Schema of this file, for editors (`nix-emit generate --print-schema > cluster.schema.json`, then `"$schema": "./cluster.schema.json"`); ignored by nix-emit.',
  ),
  secretsPath: f(
    absolutePath,
    "Folder of the TLS material; relative secret file names resolve under it. Default `/var/lib/kubernetes/secrets`.",
  ),
  controller: f(boolean, "This node runs the control plane (the API server)."),
  worker: f(boolean, "This node runs workloads (the kubelet and containerd)."),
  apiServerAddress: f(
    url(["https"], "https://fat-controller.local:6443"),
    "The API server's address for clients; the kubelet's kubeconfig points at it.",
  ),
  kubelet: f(
    struct({
      settings: f(
        kubeletSettings,
        "The KubeletConfiguration (`containerRuntimeEndpoint` is derived from containerd).",
      ),
      kubeconfig: f(
        validatedBy(kubeconfigSchema, validateKubeconfig),
        "The kubeconfig the kubelet uses to talk to the API server; by default one is generated from apiServerAddress.",
      ),
      flags: f(kubeletFlagsSchema, "Command-line-only flags."),
      extraFlags: f(
        refine(listOf(flagString), (v, path) =>
          Array.isArray(v) && v.every((x) => typeof x === "string")
            ? checkKubeletFlags(v as string[], path)
            : [],
        ),
        "Extra command-line words (settings with a config-file field belong in settings).",
      ),
    }),
    "The kubelet.",
  ),
  apiserver: f(
    struct({
      flags: f(
        validatedBy(apiServerFlagsSchema, (v, path) => {
          const issues = checkApiServerFlags(v, path);
          return issues.length > 0 ? E.left(issues) : E.right(v);
        }),
        "Typed kube-apiserver flags (`extra` for any other).",
      ),
      extraFlags: f(listOf(flagString), "Extra command-line words."),
      authorizationConfiguration: f(
        validatedBy(authorizationConfigurationSchema, validateAuthorizationConfiguration),
        "Written to a file passed as `--authorization-config` (excludes `flags.authorizationMode`).",
      ),
      authenticationConfiguration: f(
        validatedBy(authenticationConfigurationSchema, validateAuthenticationConfiguration),
        "Written to a file passed as `--authentication-config`.",
      ),
      encryptionConfiguration: f(
        validatedBy(encryptionConfigurationSchema, validateEncryptionConfiguration),
        "Written to a file passed as `--encryption-provider-config`.",
      ),
    }),
    "The API server.",
  ),
  containerd: f(containerdOptionsSchema, "containerd, the container runtime."),
  nodes: f(
    listOf(nodeSchema),
    "The cluster's nodes. Every host imports the same tree; each finds itself by `networking.hostName` (or `services.k8s.nodeName`) and runs what its roles say.",
  ),
  kubeProxy: f(
    struct({
      settings: f(
        validatedBy(kubeProxyConfigurationSchema, validateKubeProxyConfiguration),
        "The KubeProxyConfiguration written to its `--config` file (clusterCIDR, hostnameOverride and the kubeconfig are derived).",
      ),
      extraFlags: f(listOf(flagString), "Extra command-line words."),
    }),
    "kube-proxy, on every worker unless `podNetwork.kubeProxy` is false.",
  ),
  podNetwork: f(
    podNetworkSchema,
    "The pod network: `bridge` (built in) or `none` (bring your own CNI). Without it, `none`.",
  ),
  etcd: f(
    struct({
      dataDir: f(absolutePath, "etcd's data folder (default `/var/lib/etcd`)."),
      clientPort: f(port, "The client port (default 2379)."),
      peerPort: f(port, "The peer port (default 2380)."),
      flags: f(mapOf(flagString), "More etcd flags by name without `--`."),
    }),
    "etcd, on every controller, its cluster made of all controllers.",
  ),
  controllerManager: f(
    struct({
      flags: f(controllerManagerFlagsSchema, "Typed kube-controller-manager flags."),
      extraFlags: f(listOf(flagString), "Extra command-line words."),
    }),
    "kube-controller-manager, on every controller.",
  ),
  scheduler: f(
    struct({
      settings: f(
        validatedBy(kubeSchedulerConfigurationSchema, validateKubeSchedulerConfiguration),
        "The KubeSchedulerConfiguration written to its `--config` file (clientConnection.kubeconfig is generated).",
      ),
      extraFlags: f(listOf(flagString), "Extra command-line words."),
    }),
    "kube-scheduler, on every controller.",
  ),
});

/** The schema of a cluster's description. */
export const clusterSchema = refine(
  clusterSections,
  requiredWhen({
    when: ["podNetwork", "type"],
    equals: "bridge",
    names: ["nodes"],
    because: "for the bridge pod network, which gives each worker its pod CIDR",
    hint: "describe the cluster with nodes (name, addresses, roles)",
  }),
);

/**
 * A node of the cluster. File paths of secrets may be relative (`"kubelet.pem"`): they are then
 * resolved under `services.k8s.secretsPath` in Nix, so moving the secrets moves them all.
 */
export type Cluster = TypeOf<typeof clusterSchema>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Rules across sections of the description. */
function crossRules(value: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const apiserver = value["apiserver"];
  if (isObject(apiserver) && apiserver["authorizationConfiguration"] !== undefined) {
    const flags = isObject(apiserver["flags"]) ? apiserver["flags"] : {};
    if (flags["authorizationMode"] !== undefined || flags["authorizationConfig"] !== undefined)
      issues.push({
        path: "apiserver.authorizationConfiguration",
        message: "cannot be combined with flags.authorizationMode or flags.authorizationConfig",
        hint: "list the authorizers (Node, RBAC, ...) in the AuthorizationConfiguration",
      });
  }
  const nodes = Array.isArray(value["nodes"]) ? (value["nodes"] as unknown[]).filter(isObject) : [];
  if (nodes.length > 0) {
    const seen = new Map<unknown, number>();
    nodes.forEach((node, i) => {
      const first = seen.get(node["name"]);
      if (first !== undefined)
        issues.push({
          path: `nodes[${i}].name`,
          message: `${JSON.stringify(node["name"])} is already the name of nodes[${first}]`,
          hint: "node names are host names: each must be unique",
        });
      else seen.set(node["name"], i);
    });
    const roles = (node: Record<string, unknown>) =>
      Array.isArray(node["roles"]) ? (node["roles"] as unknown[]) : [];
    nodes.forEach((node, i) => {
      if (roles(node).includes("worker")) return;
      for (const key of ["labels", "taints", "controlPlaneTaint"])
        if (node[key] !== undefined && node[key] !== false)
          issues.push({
            path: `nodes[${i}].${key}`,
            message: `a node without the worker role runs no kubelet, so its ${key} would never be registered`,
            hint: `remove ${key}, or add "worker" to its roles`,
          });
    });
    if (!nodes.some((node) => roles(node).includes("controller")))
      issues.push({
        path: "nodes",
        message: "no node is a controller: the workers would have no API server to join",
        hint: 'give at least one node the role "controller"',
      });
    for (const key of ["controller", "worker"])
      if (value[key] !== undefined)
        issues.push({
          path: key,
          message: "describes a one-node cluster; with nodes, each node has its roles",
          hint: `remove ${key} and list the roles of each node`,
        });
  }
  issues.push(...networkRules(value, nodes));
  return issues;
}

/** The pod network against the nodes and the controller manager's flags. */
function networkRules(value: Record<string, unknown>, nodes: Record<string, unknown>[]): Issue[] {
  const network = value["podNetwork"];
  // Only a well-typed podNetwork is checked against the rest (its own problems are reported already).
  if (!isObject(network) || podNetworkSchema.check(network, "podNetwork").length > 0) return [];
  const pod = network as PodNetwork;
  const issues: Issue[] = [];
  if (pod.type === "bridge") {
    if (network["kubeProxy"] === false)
      issues.push({
        path: "podNetwork.kubeProxy",
        message:
          "the bridge network does not route Services: without kube-proxy no Service IP works",
        hint: "remove kubeProxy (or use type none with a network that replaces kube-proxy)",
      });
    // Without `nodes` at all, clusterSchema's requiredWhen reports it; an empty list is this rule's.
    if (nodes.length === 0 && value["nodes"] !== undefined)
      issues.push({
        path: "podNetwork.type",
        message: "the bridge network needs the list of nodes to give each worker its pod CIDR",
        hint: "describe the cluster with nodes (name, addresses, roles)",
      });
    else {
      const workers = nodes
        .filter((node) => Array.isArray(node["roles"]) && node["roles"].includes("worker"))
        .map((node, i) => (typeof node["name"] === "string" ? node["name"] : `nodes[${i}]`));
      const r = podCidrs(pod, workers, "podNetwork");
      if (E.isLeft(r)) issues.push(...r.left);
    }
  }
  const manager = value["controllerManager"];
  const flags = isObject(manager) && isObject(manager["flags"]) ? manager["flags"] : {};
  if (
    flags["clusterCidr"] !== undefined &&
    network["clusterCidr"] !== undefined &&
    flags["clusterCidr"] !== network["clusterCidr"]
  )
    issues.push({
      path: "controllerManager.flags.clusterCidr",
      message: `differs from podNetwork.clusterCidr (${JSON.stringify(network["clusterCidr"])})`,
      hint: "remove it: the controller manager's --cluster-cidr is taken from podNetwork.clusterCidr",
    });
  return issues;
}

/** Validates a cluster description (for instance parsed from `--config cluster.json`). */
export function validateCluster(value: unknown): E.Either<Issue[], Cluster> {
  if (!isObject(value))
    return E.left([{ path: "", message: "the cluster description must be a JSON object" }]);
  const issues = [...clusterSchema.check(value, ""), ...crossRules(value)];
  return issues.length > 0 ? E.left(issues) : E.right(value as Cluster);
}
