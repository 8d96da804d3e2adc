/**
 * The Kubernetes module tree: `k8s.nix` (shared settings, the nodes, the `kubernetes` user, target
 * and slice), the control plane (`etcd.nix`, `apiserver.nix`, `controller-manager.nix`,
 * `scheduler.nix`) and the workers' `kubelet.nix` and `containerd.nix`, each built by its own
 * function from a validated cluster description. They refer to each other's options, so they are
 * built together.
 */
import type { Cluster } from "../cluster.js";
import { apiserverModule } from "./apiserver.js";
import { containerdModule } from "./containerd.js";
import { controllerManagerModule } from "./controllerManager.js";
import { dnsModule } from "./dns.js";
import { etcdModule } from "./etcd.js";
import { k8sModule } from "./k8s.js";
import { kubeletModule } from "./kubelet.js";
import { kubeProxyModule } from "./kubeProxy.js";
import { networkModule } from "./network.js";
import { schedulerModule } from "./scheduler.js";

/** The modules of a cluster's tree, by file name (without `.nix`). */
export function clusterModules(cluster: Cluster) {
  const k8s = k8sModule(cluster);
  const network = networkModule(cluster, k8s);
  const containerd = containerdModule(cluster, k8s, network);
  const dns = dnsModule(cluster, k8s);
  const kubelet = kubeletModule(cluster, k8s, containerd, dns);
  const etcd = etcdModule(cluster, k8s);
  const apiserver = apiserverModule(cluster, k8s, etcd);
  const controllerManager = controllerManagerModule(cluster, k8s);
  const scheduler = schedulerModule(cluster, k8s);
  const kubeProxy = kubeProxyModule(cluster, k8s, network);
  return {
    k8s,
    etcd,
    apiserver,
    controllerManager,
    scheduler,
    kubelet,
    containerd,
    network,
    kubeProxy,
    dns,
  };
}
