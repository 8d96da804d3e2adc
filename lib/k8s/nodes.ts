/**
 * The nodes of a cluster: names, addresses, roles, labels and taints, checked as Kubernetes checks
 * them (label syntax, the `kubernetes.io` prefixes a kubelet may set, taint effects).
 */
import type { Issue } from "../errors.js";
import {
  boolean,
  enumOf,
  field as f,
  flagString,
  matching,
  listOf,
  mapOf,
  refine,
  required,
  string,
  struct,
  type TypeOf,
} from "./schema.js";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;

/** An IPv4 or IPv6 address (without brackets). */
export const ipAddress = refine(
  string,
  (v, path) =>
    typeof v !== "string" || IPV4.test(v) || (IPV6.test(v) && v.split("::").length <= 2)
      ? []
      : [
          {
            path,
            message: `${JSON.stringify(v)} is not an IP address`,
            hint: 'e.g. "fd00::1" or "10.0.0.1"',
          },
        ],
  "an IP address",
);

/** A node's name: a DNS subdomain, as Kubernetes requires of node names and host names. */
const nodeName = refine(
  string,
  (v, path) =>
    typeof v !== "string" ||
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v)
      ? []
      : [
          {
            path,
            message: `${JSON.stringify(v)} is not a valid node name`,
            hint: "lower-case letters, digits, - and ., starting and ending with a letter or digit",
          },
        ],
  "a node name",
);

/** Label keys a kubelet may set on its own node in the `kubernetes.io` / `k8s.io` namespaces. */
const ALLOWED_KUBERNETES_LABELS = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
]);
const ALLOWED_KUBERNETES_PREFIXES = ["kubelet.kubernetes.io/", "node.kubernetes.io/"];

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems with one node label, as the API server and the NodeRestriction admission check it. */
export function checkNodeLabel(key: string, value: unknown, path: string): Issue[] {
  const issues: Issue[] = [];
  const at = `${path}.${key}`;
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? "" : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (!isQualifiedName(key))
    issues.push({
      path: at,
      message: "is not a valid label key",
      hint: "[prefix/]name: name up to 63 of letters, digits, - _ . ; prefix a DNS subdomain",
    });
  const kubernetesNamespace =
    prefix === "kubernetes.io" ||
    prefix.endsWith(".kubernetes.io") ||
    prefix === "k8s.io" ||
    prefix.endsWith(".k8s.io");
  if (
    kubernetesNamespace &&
    !ALLOWED_KUBERNETES_LABELS.has(key) &&
    !ALLOWED_KUBERNETES_PREFIXES.some((p) => key.startsWith(p))
  )
    issues.push({
      path: at,
      message: `a kubelet may not set labels in ${prefix} (the NodeRestriction admission refuses them)`,
      hint: `use node.kubernetes.io/… or kubelet.kubernetes.io/…, or a prefix of your own (example.com/${name})`,
    });
  if (typeof value === "string" && !isLabelValue(value))
    issues.push({
      path: at,
      message: `${JSON.stringify(value)} is not a valid label value`,
      hint: "up to 63 letters, digits, - _ . , starting and ending with a letter or digit",
    });
  return issues;
}

const inner = (re: RegExp) => re.source.slice(1, -1);
/**
 * A qualified name (`[prefix/]name`), as label keys and taint keys must be: the prefix a DNS
 * subdomain of at most 253 characters. One regular expression, so that the JSON Schema can carry it.
 */
const QUALIFIED_NAME = new RegExp(`^(?![^/]{254})(?:${inner(PREFIX)}/)?${inner(NAME)}$`);
const isQualifiedName = (key: string): boolean => QUALIFIED_NAME.test(key);

/** A label value: empty, or up to 63 letters, digits, - _ . starting and ending alphanumeric. */
const LABEL_VALUE = new RegExp(`^(?:${inner(NAME)})?$`);
const isLabelValue = (v: string) => LABEL_VALUE.test(v);

const taint = refine(
  struct({
    key: f(
      matching(flagString, QUALIFIED_NAME, () => ({
        message: "is not a valid taint key",
        hint: "[prefix/]name: name up to 63 of letters, digits, - _ . ; prefix a DNS subdomain (example.com/gpu)",
      })),
      "The taint key: a qualified name, like a label key.",
    ),
    value: f(
      matching(flagString, LABEL_VALUE, (v) => ({
        message: `${JSON.stringify(v)} is not a valid taint value`,
        hint: "empty, or up to 63 letters, digits, - _ . starting and ending with a letter or digit",
      })),
      "The taint value (may be empty): a label value.",
    ),
    effect: f(
      enumOf(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
      "What the taint does to pods that do not tolerate it.",
    ),
  }),
  required("key", "effect"),
);

/** One node of the cluster. */
export const nodeSchema = refine(
  struct({
    name: f(nodeName, "The node's name: its host name (`networking.hostName`) on NixOS."),
    addresses: f(listOf(ipAddress), "The node's IP addresses; the first is its node IP."),
    roles: f(
      listOf(enumOf(["controller", "worker"])),
      "`controller` runs etcd, the API server, the controller manager and the scheduler; `worker` runs the kubelet and containerd.",
    ),
    labels: f(
      refine(mapOf(flagString), (v, path) =>
        typeof v === "object" && v !== null && !Array.isArray(v)
          ? Object.entries(v).flatMap(([k, x]) => checkNodeLabel(k, x, path))
          : [],
      ),
      "Labels the kubelet registers the node with.",
    ),
    taints: f(listOf(taint), "Taints the kubelet registers the node with."),
    controlPlaneTaint: f(
      boolean,
      "Register a controller with the `node-role.kubernetes.io/control-plane:NoSchedule` taint.",
    ),
  }),
  required("name", "addresses", "roles"),
);

/** A node of the cluster, typed from `nodeSchema`. */
export type ClusterNode = TypeOf<typeof nodeSchema>;
