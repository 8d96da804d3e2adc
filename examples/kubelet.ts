/**
 * The kubelet module of the seed article ("Kubernetes the Nix way", part 3), written with nix-emit's
 * builders. Until the typed Kubernetes layer lands, this is the example `npm run generate` emits.
 */
import { type Expr, n } from "../lib/index.js";

const secretsPath = n.ref("mainK8sConfig.secretsPath");
const secret = (file: string) => n.str`${secretsPath}/${file}`;

/** KubeletConfiguration (kubelet.config.k8s.io/v1beta1), as the seed sets it. */
const kubeletConfig = n.attrs({
  apiVersion: n.str("kubelet.config.k8s.io/v1beta1"),
  kind: n.str("KubeletConfiguration"),
  tlsCertFile: secret("kubelet-tls-cert-file.pem"),
  tlsPrivateKeyFile: secret("kubelet-tls-key-file.pem"),
  authentication: n.attrs({
    anonymous: n.attrs({ enabled: n.bool(false) }),
    webhook: n.attrs({ enabled: n.bool(true), cacheTTL: n.str("10s") }),
    x509: n.attrs({ clientCAFile: secret("ca.pem") }),
  }),
  authorization: n.attrs({ mode: n.str("Webhook") }),
  clusterDomain: n.str("cluster.local"),
  imageMaximumGCAge: n.str("604800s"),
  containerRuntimeEndpoint: n.str("unix:///run/containerd/containerd.sock"),
});

/** A kubeconfig (v1 Config): a different kind of file from the KubeletConfiguration. */
const kubeconfig = n.attrs({
  apiVersion: n.str("v1"),
  kind: n.str("Config"),
  clusters: n.list([
    n.attrs({
      name: n.str("default"),
      cluster: n.attrs({
        "certificate-authority": secret("ca.pem"),
        server: n.str("https://fat-controller.local:6443"),
      }),
    }),
  ]),
  users: n.list([
    n.attrs({
      name: n.str("kubelet"),
      user: n.attrs({
        "client-certificate": secret("kubelet-client.pem"),
        "client-key": secret("kubelet-client-key.pem"),
      }),
    }),
  ]),
  contexts: n.list([
    n.attrs({
      name: n.str("default"),
      context: n.attrs({ cluster: n.str("default"), user: n.str("kubelet") }),
    }),
  ]),
  "current-context": n.str("default"),
});

const writeJson = (name: string, value: Expr) =>
  n.call("pkgs.writeText", n.str(name), n.call("builtins.toJSON", value));

export function kubeletModule(): Expr {
  const cfg = n.id("cfg");
  const execStart = n.call(
    "lib.escapeShellArgs",
    n.concat(
      n.list([
        n.str`${n.ref("pkgs.kubernetes")}/bin/kubelet`,
        n.str`--config=${n.id("kubeletConfigFile")}`,
        n.str`--kubeconfig=${n.id("kubeletKubeconfigFile")}`,
      ]),
      n.sel(cfg, "extraFlags"),
    ),
  );
  return n.module(
    ["config", "lib", "pkgs"],
    n.let(
      {
        mainK8sConfig: n.ref("config.services.k8s"),
        cfg: n.ref("config.services.k8s-kubelet"),
        kubeletConfigFile: writeJson("kubelet-config.json", kubeletConfig),
        kubeletKubeconfigFile: writeJson("kubelet-kubeconfig.json", kubeconfig),
      },
      n.attrs([
        n.assign(
          ["options", "services", "k8s-kubelet"],
          n.attrs({
            enable: n.call("lib.mkEnableOption", n.str("the Kubernetes kubelet")),
            extraFlags: n.call(
              "lib.mkOption",
              n.attrs({
                type: n.call("lib.types.listOf", n.ref("lib.types.str")),
                default: n.list(),
                description: n.str("Extra command-line flags for the kubelet."),
              }),
            ),
          }),
        ),
        n.assign(
          "config",
          n.call(
            "lib.mkIf",
            n.sel(cfg, "enable"),
            n.attrs([
              n.assign(["virtualisation", "containerd", "enable"], n.bool(true)),
              n.assign(
                ["systemd", "services", "k8s-kubelet"],
                n.attrs({
                  description: n.str("Kubernetes Kubelet Service"),
                  wantedBy: n.list([n.str("kubernetes.target")]),
                  after: n.list([n.str("containerd.service"), n.str("network.target")]),
                  serviceConfig: n.attrs({
                    Slice: n.str("kubernetes.slice"),
                    ExecStart: execStart,
                    Restart: n.str("on-failure"),
                    RestartSec: n.int(5),
                  }),
                }),
              ),
            ]),
          ),
        ),
      ]),
    ),
  );
}
