/**
 * The pod network, as a typed choice of the cluster description:
 *
 * - `bridge` (built in): the CNI `bridge` plugin with `host-local` addresses on every worker, each
 *   worker's pod CIDR carved from the cluster CIDR at generation time, and on every node a route to
 *   each other worker's pod CIDR through that worker's node IP. Chosen over flannel because it
 *   needs nothing outside the tree and `pkgs.cni-plugins`: no daemon, no access to the API server
 *   or etcd, no VXLAN port to open, no overlay MTU to tune, and the address plan is known when
 *   the tree is written, so tests can check it without a running cluster. Its limit: nodes must
 *   reach each other's node IPs directly (one L2 segment or routed network without NAT).
 * - `none`: the tree writes no CNI configuration; the user brings one (Cilium, Calico, ...).
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { formatCidr, nthAddress, parseCidr, subnet } from "./cidr.js";
import {
  boolean,
  enumOf,
  field as f,
  flagString,
  int32,
  refine,
  required,
  requiredWhen,
  struct,
  type TypeOf,
} from "./schema.js";

/** A CIDR without host bits (`10.244.0.0/16`, `fd00:10:244::/56`). */
export const cidr = refine(
  flagString,
  (v, path) => {
    if (typeof v !== "string") return [];
    const r = parseCidr(v);
    return E.isLeft(r)
      ? [{ path, message: r.left, hint: 'e.g. "10.244.0.0/16" or "fd00:10:244::/56"' }]
      : [];
  },
  "a CIDR",
);

/** The kinds of pod network. */
export const POD_NETWORK_TYPES = ["bridge", "none"] as const;
/** One kind of pod network: `bridge` or `none`. */
export type PodNetworkType = (typeof POD_NETWORK_TYPES)[number];

/** The fields of the pod network. */
const podNetworkFields = refine(
  struct({
    type: f(
      enumOf(POD_NETWORK_TYPES),
      "`bridge`: CNI bridge + host-local, each worker's pod CIDR from clusterCidr, routes between nodes (built in). `none`: bring your own CNI (see docs/k8s.md).",
    ),
    clusterCidr: f(
      cidr,
      "The pods' address range; each worker's pod CIDR is carved from it in the order of nodes (required for bridge; kube-proxy's clusterCIDR and the controller manager's --cluster-cidr).",
    ),
    nodeMaskSize: f(
      int32,
      "The prefix length of each worker's pod CIDR (default 24 for IPv4, 64 for IPv6).",
    ),
    kubeProxy: f(
      boolean,
      "Run kube-proxy on workers (default true). Set false only with a network that replaces it (Cilium's kube-proxy replacement); bridge needs it.",
    ),
  }),
  required("type"),
);

/** The pod network of the cluster description. */
export const podNetworkSchema = refine(
  podNetworkFields,
  requiredWhen({
    when: ["type"],
    equals: "bridge",
    names: ["clusterCidr"],
    because: "for the bridge pod network",
    hint: 'give the pods\' range, e.g. "10.244.0.0/16" or "fd00:10:244::/56"',
  }),
);

/** The pod network, typed from `podNetworkSchema`. */
export type PodNetwork = TypeOf<typeof podNetworkSchema>;

/** The default size of each node's pod CIDR. */
export const defaultNodeMaskSize = (family: 4 | 6): number => (family === 4 ? 24 : 64);

/**
 * Each worker's pod CIDR, carved in order from the cluster CIDR, or the problems (at `path`,
 * naming the fix) when the range is too small.
 */
export function podCidrs(
  network: PodNetwork,
  workers: readonly string[],
  path: string,
): E.Either<Issue[], Map<string, string>> {
  if (network.clusterCidr === undefined)
    return E.left([
      {
        path: `${path}.clusterCidr`,
        message: `is required for the ${network.type} pod network`,
        hint: 'give the pods\' range, e.g. "10.244.0.0/16" or "fd00:10:244::/56"',
      },
    ]);
  const range = parseCidr(network.clusterCidr);
  if (E.isLeft(range)) return E.left([{ path: `${path}.clusterCidr`, message: range.left }]);
  const mask = network.nodeMaskSize ?? defaultNodeMaskSize(range.right.family);
  const out = new Map<string, string>();
  for (const [i, name] of workers.entries()) {
    const s = subnet(range.right, mask, i);
    if (E.isLeft(s))
      return E.left([
        {
          path: network.nodeMaskSize === undefined ? `${path}.clusterCidr` : `${path}.nodeMaskSize`,
          message: `${s.left}, and there are ${workers.length} workers`,
          hint: "use a larger clusterCidr or a longer nodeMaskSize",
        },
      ]);
    out.set(name, formatCidr(s.right));
  }
  return E.right(out);
}

/** kube-apiserver's default `--service-cluster-ip-range`. */
export const DEFAULT_SERVICE_RANGE = "10.0.0.0/24";

/**
 * The `index`-th address of the cluster's (first) service range: 1 is the API server's Service IP
 * (`kubernetes.default`), 10 the cluster DNS by convention. Undefined when the range is not valid
 * (validateCluster reports it).
 */
export function serviceAddress(serviceClusterIpRange: string | undefined, index: number) {
  const range = parseCidr((serviceClusterIpRange ?? DEFAULT_SERVICE_RANGE).split(",")[0]!);
  if (E.isLeft(range)) return undefined;
  const address = nthAddress(range.right, index);
  return E.isRight(address) ? address.right : undefined;
}
