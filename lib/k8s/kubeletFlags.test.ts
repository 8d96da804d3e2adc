import { describe, expect, it } from "vitest";
import { checkKubeletFlags, kubeletFlagArgs, suggestKubeletFlag } from "./index.js";

describe("kubelet flags", () => {
  it("writes command-line-only flags as separate words", () => {
    expect(
      kubeletFlagArgs({
        kubeconfig: "/etc/kubernetes/kubelet.kubeconfig",
        config: "/etc/kubernetes/kubelet.json",
        nodeIp: ["::1", "10.0.0.1"],
        nodeLabels: { role: "worker", zone: "a" },
        v: 2,
      }),
    ).toEqual([
      "--config=/etc/kubernetes/kubelet.json",
      "--kubeconfig=/etc/kubernetes/kubelet.kubeconfig",
      "--node-ip=::1,10.0.0.1",
      "--node-labels=role=worker,zone=a",
      "--v=2",
    ]);
  });
  it("refuses config-backed settings as flags, pointing to the field", () => {
    expect(
      checkKubeletFlags([
        "--v=2",
        "--cluster-domain=cluster.local",
        "--image-gc-high-threshold=90",
        "--client-ca-file=/ca.pem",
      ]),
    ).toEqual([
      {
        path: "kubelet.extraFlags[1]",
        message:
          "--cluster-domain is a KubeletConfiguration setting; passing it as a flag is deprecated and hides it from the config file",
        hint: "set the field clusterDomain in the kubelet settings instead",
      },
      expect.objectContaining({
        path: "kubelet.extraFlags[2]",
        hint: "set the field imageGCHighThresholdPercent in the kubelet settings instead",
      }),
      expect.objectContaining({
        path: "kubelet.extraFlags[3]",
        hint: "set the field authentication.x509.clientCAFile in the kubelet settings instead",
      }),
    ]);
  });
  it("lets command-line-only flags through", () => {
    expect(
      checkKubeletFlags([
        "--hostname-override=node1",
        "--node-ip=::1",
        "--root-dir=/var/lib/kubelet",
      ]),
    ).toEqual([]);
  });
  it("suggests flag names", () => {
    expect(suggestKubeletFlag("kube-config")).toBe("kubeconfig");
  });
});
