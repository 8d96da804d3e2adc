import { describe, expect, it } from "vitest";
import { apiServerFlagArgs, checkApiServerFlags, containerdSettings } from "./index.js";

describe("kube-apiserver flags", () => {
  it("writes the seed article's flags", () => {
    expect(
      apiServerFlagArgs({
        allowPrivileged: true,
        anonymousAuth: false,
        authorizationMode: ["Node", "RBAC"],
        bindAddress: "::",
        etcdServers: ["https://[::1]:2379"],
        serviceAccountIssuer: "https://kubernetes.default.svc",
        serviceClusterIpRange: "fd00:10:96::/108",
        clientCaFile: "/secrets/ca.pem",
        extra: { "runtime-config": "api/all=true" },
      }),
    ).toEqual([
      "--allow-privileged=true",
      "--anonymous-auth=false",
      "--authorization-mode=Node,RBAC",
      "--bind-address=::",
      "--etcd-servers=https://[::1]:2379",
      "--service-account-issuer=https://kubernetes.default.svc",
      "--service-cluster-ip-range=fd00:10:96::/108",
      "--client-ca-file=/secrets/ca.pem",
      "--runtime-config=api/all=true",
    ]);
  });
  it("refuses --authorization-config with --authorization-mode, bad CIDRs and URLs", () => {
    const issues = checkApiServerFlags({
      authorizationConfig: "/etc/authz.yaml",
      authorizationMode: ["RBAC"],
      serviceClusterIpRange: "fd00::/129",
      etcdServers: ["[::1]:2379"],
      extra: { "--v": "2" },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      "apiserver.flags.authorizationConfig",
      "apiserver.flags.etcdServers[0]",
      "apiserver.flags.extra.--v",
      "apiserver.flags.serviceClusterIpRange",
    ]);
    expect(issues.find((i) => i.path === "apiserver.flags.authorizationConfig")!.message).toBe(
      "--authorization-config cannot be combined with --authorization-mode",
    );
  });
});

describe("containerd settings", () => {
  it("uses the CRI plugin of version 2", () => {
    expect(
      containerdSettings({
        version: 2,
        cniBinDir: "/opt/cni/bin",
        systemdCgroup: true,
        socketPath: "/run/containerd/containerd.sock",
      }),
    ).toEqual({
      version: 2,
      grpc: { address: "/run/containerd/containerd.sock" },
      plugins: {
        "io.containerd.grpc.v1.cri": {
          cni: { bin_dir: "/opt/cni/bin" },
          containerd: {
            runtimes: {
              runc: { runtime_type: "io.containerd.runc.v2", options: { SystemdCgroup: true } },
            },
          },
        },
      },
    });
  });
  it("uses the split CRI plugins of version 3", () => {
    const s = containerdSettings({
      version: 3,
      cniConfDir: "/etc/cni/net.d",
      sandboxImage: "registry.k8s.io/pause:3.10",
    });
    expect(Object.keys(s["plugins"] as object)).toEqual([
      "io.containerd.cri.v1.runtime",
      "io.containerd.cri.v1.images",
    ]);
  });
});
