/**
 * Typed Kubernetes configuration for NixOS modules: the KubeletConfiguration with every field of
 * the Kubernetes source and its documentation, checked before any Nix is written.
 *
 * ```ts
 * import { validateKubeletConfiguration } from "nix-emit/k8s";
 * validateKubeletConfiguration({ imageMaximumGCAge: "7d" });
 * // Left([{ path: "kubelet.imageMaximumGCAge", message: '"7d" is not a Go duration: there is no "d" unit', hint: 'write "168h"' }])
 * ```
 *
 * @module
 */
export { kubeletConfigurationSchema, type KubeletConfiguration } from "./kubelet.js";
export { validateKubeletConfiguration } from "./validate.js";
export { checkDuration, parseDuration } from "./duration.js";
export { suggest } from "../suggest.js";
export { type Schema, type Field, type StructSchema, type TypeOf } from "./schema.js";
export { kubeconfigSchema, validateKubeconfig, type Kubeconfig } from "./kubeconfig.js";
export {
  checkKubeletFlags,
  kubeletFlagArgs,
  kubeletFlagValues,
  kubeletFlagsSchema,
  suggestKubeletFlag,
  type KubeletFlags,
} from "./kubeletFlags.js";
export {
  apiServerFlagArgs,
  apiServerFlagValues,
  apiServerFlagsSchema,
  checkApiServerFlags,
  type ApiServerFlags,
  type AuthorizationMode,
} from "./apiserver.js";
export {
  containerdOptionsSchema,
  containerdSettings,
  type ContainerdOptions,
} from "./containerd.js";
export {
  clusterSchema,
  validateCluster,
  checkSafePath,
  DEFAULT_SECRETS_PATH,
  type Cluster,
} from "./cluster.js";
export { clusterModules } from "./modules/index.js";
export { renderCluster } from "./generate.js";
export {
  authorizationConfigurationSchema,
  authenticationConfigurationSchema,
  encryptionConfigurationSchema,
  validateAuthorizationConfiguration,
  validateAuthenticationConfiguration,
  validateEncryptionConfiguration,
  type AuthorizationConfiguration,
  type AuthenticationConfiguration,
  type EncryptionConfiguration,
} from "./apiserverConfig.js";
export { pkiEntries, pkiMarkdown, SECRET_FILES, type PkiEntry } from "./pki.js";
export {
  kubeSchedulerConfigurationSchema,
  validateKubeSchedulerConfiguration,
  type KubeSchedulerConfiguration,
} from "./scheduler.js";
export { nodeSchema, checkNodeLabel, ipAddress, type ClusterNode } from "./nodes.js";
export {
  controllerManagerFlagsSchema,
  controllerManagerFlagValues,
  type ControllerManagerFlags,
} from "./controllerManager.js";
export type { Checked, CheckedType } from "../checked.js";
export {
  kubeProxyConfigurationSchema,
  validateKubeProxyConfiguration,
  type KubeProxyConfiguration,
} from "./kubeProxy.js";
export {
  podNetworkSchema,
  podCidrs,
  serviceAddress,
  POD_NETWORK_TYPES,
  type PodNetwork,
  type PodNetworkType,
} from "./network.js";
export { parseCidr, formatCidr, subnet, nthAddress, type Cidr } from "./cidr.js";
export { minimumVersion, versionNeeds, type VersionNeed } from "./version.js";
