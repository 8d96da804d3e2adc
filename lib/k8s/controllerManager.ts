/**
 * kube-controller-manager flags as a typed set (it has no configuration file for them), with an
 * escape hatch for the rest. Certificate and key files, the kubeconfig and the CA come from the
 * cluster's secrets layout unless set here.
 */
import { flagValuesWithExtra } from "./flags.js";
import {
  boolean,
  field as f,
  filePath,
  flagString,
  int32,
  listOf,
  mapOf,
  struct,
  type TypeOf,
} from "./schema.js";

/** The flags of kube-controller-manager, by camel-case name; `extra` holds any other flag. */
export const controllerManagerFlagsSchema = struct({
  bindAddress: f(flagString, "`--bind-address`: the address of the secure port (`::` for all)."),
  clusterCidr: f(flagString, "`--cluster-cidr`: the pods' CIDR range (with allocateNodeCidrs)."),
  allocateNodeCidrs: f(boolean, "`--allocate-node-cidrs`: give each node a pod CIDR."),
  nodeCidrMaskSize: f(int32, "`--node-cidr-mask-size`: the size of each node's pod CIDR."),
  nodeCidrMaskSizeIpv4: f(int32, "`--node-cidr-mask-size-ipv4` (dual stack)."),
  nodeCidrMaskSizeIpv6: f(int32, "`--node-cidr-mask-size-ipv6` (dual stack)."),
  serviceClusterIpRange: f(flagString, "`--service-cluster-ip-range`: as the API server's."),
  clusterSigningCertFile: f(filePath, "`--cluster-signing-cert-file`: the CA that signs CSRs."),
  clusterSigningKeyFile: f(filePath, "`--cluster-signing-key-file`: its key."),
  serviceAccountPrivateKeyFile: f(
    filePath,
    "`--service-account-private-key-file`: signs service account tokens.",
  ),
  rootCaFile: f(filePath, "`--root-ca-file`: the CA put in service account secrets."),
  useServiceAccountCredentials: f(
    boolean,
    "`--use-service-account-credentials`: each controller uses its own service account.",
  ),
  leaderElect: f(boolean, "`--leader-elect`: elect a leader among replicas."),
  controllers: f(listOf(flagString), "`--controllers`: which controllers run (`*`, `-name`)."),
  featureGates: f(mapOf(boolean), "`--feature-gates`."),
  extra: f(mapOf(flagString), "Any other flag, by its name without `--`."),
});

/** kube-controller-manager flags, typed from `controllerManagerFlagsSchema`. */
export type ControllerManagerFlags = TypeOf<typeof controllerManagerFlagsSchema>;

/** The flags by command-line name, declared flags first, then `extra`. */
export function controllerManagerFlagValues(flags: ControllerManagerFlags): Record<string, string> {
  return flagValuesWithExtra(flags);
}
