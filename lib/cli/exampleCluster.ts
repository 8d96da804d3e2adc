/**
 * The example cluster of `nix-emit generate` (and `examples/`): one node that is both controller and
 * worker, with the settings of the article this project grew from ("Kubernetes the Nix way", part 3).
 */
import type { Cluster } from "../k8s/index.js";

export const exampleCluster: Cluster = {
  secretsPath: "/var/lib/kubernetes/secrets",
  controller: true,
  worker: true,
  apiServerAddress: "https://fat-controller.local:6443",
  kubelet: {
    settings: {
      // Relative secret file names resolve under secretsPath.
      tlsCertFile: "kubelet-tls-cert-file.pem",
      tlsPrivateKeyFile: "kubelet-tls-key-file.pem",
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true, cacheTTL: "10s" },
        x509: { clientCAFile: "ca.pem" },
      },
      authorization: { mode: "Webhook" },
      clusterDomain: "cluster.local",
      imageMaximumGCAge: "604800s",
      cgroupDriver: "systemd",
    },
    kubeconfig: {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "default",
          cluster: {
            "certificate-authority": "ca.pem",
            server: "https://fat-controller.local:6443",
          },
        },
      ],
      users: [
        {
          name: "kubelet",
          user: {
            "client-certificate": "kubelet-client.pem",
            "client-key": "kubelet-client-key.pem",
          },
        },
      ],
      contexts: [{ name: "default", context: { cluster: "default", user: "kubelet" } }],
      "current-context": "default",
    },
    flags: { nodeIp: "::" },
  },
  apiserver: {
    flags: {
      allowPrivileged: true,
      anonymousAuth: false,
      authorizationMode: ["Node", "RBAC"],
      bindAddress: "::",
      clientCaFile: "ca.pem",
      etcdCafile: "etcd-ca.pem",
      etcdCertfile: "etcd-client.pem",
      etcdKeyfile: "etcd-client-key.pem",
      etcdServers: ["https://[::1]:2379"],
      externalHostname: "fat-controller.local",
      kubeletCertificateAuthority: "ca.pem",
      kubeletClientCertificate: "apiserver-kubelet-client.pem",
      kubeletClientKey: "apiserver-kubelet-client-key.pem",
      apiAudiences: ["https://kubernetes.default.svc"],
      serviceAccountIssuer: "https://kubernetes.default.svc",
      serviceAccountKeyFile: "service-account.pem",
      serviceAccountSigningKeyFile: "service-account-key.pem",
      serviceClusterIpRange: "fd00:10:96::/108",
      tlsCertFile: "apiserver.pem",
      tlsPrivateKeyFile: "apiserver-key.pem",
    },
  },
  containerd: {
    version: 2,
    socketPath: "/run/containerd/containerd.sock",
    cniBinDir: "/opt/cni/bin",
    systemdCgroup: true,
  },
};
