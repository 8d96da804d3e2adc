/**
 * The Kubernetes module tree: `k8s.nix` (shared settings, the `kubernetes` user, target and slice),
 * `kubelet.nix`, `apiserver.nix` and `containerd.nix`, each built by its own function from a
 * validated cluster description. They refer to each other's options, so they are built together.
 */
import type { Cluster } from "../cluster.js";
import { apiserverModule } from "./apiserver.js";
import { containerdModule } from "./containerd.js";
import { k8sModule } from "./k8s.js";
import { kubeletModule } from "./kubelet.js";

/** The modules of a cluster's tree, by file name (without `.nix`). */
export function clusterModules(cluster: Cluster) {
  const k8s = k8sModule(cluster);
  const containerd = containerdModule(cluster, k8s);
  const kubelet = kubeletModule(cluster, k8s, containerd);
  const apiserver = apiserverModule(cluster, k8s);
  return { k8s, kubelet, apiserver, containerd };
}
