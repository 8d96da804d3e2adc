/**
 * containerd configuration for nixpkgs' `virtualisation.containerd.settings` (TOML), in the version 2
 * layout (CRI plugin at `io.containerd.grpc.v1.cri`) or the version 3 layout of containerd 2.x
 * (`io.containerd.cri.v1.runtime` and `io.containerd.cri.v1.images`).
 */

export interface ContainerdOptions {
  /** Config layout: 2 (containerd 1.x) or 3 (containerd 2.x). */
  readonly version: 2 | 3;
  /** The gRPC socket (`grpc.address`); the kubelet's containerRuntimeEndpoint must match it. */
  readonly socketPath?: string;
  /** Where CNI plugins live (`/opt/cni/bin` for plugins that install themselves, like Cilium). */
  readonly cniBinDir?: string;
  readonly cniConfDir?: string;
  /** Use the systemd cgroup driver for runc (must match the kubelet's cgroupDriver). */
  readonly systemdCgroup?: boolean;
  /** Prometheus metrics address, e.g. `[::]:9103`. */
  readonly metricsAddress?: string;
  readonly sandboxImage?: string;
}

/** The settings attribute set for `virtualisation.containerd.settings`. */
export function containerdSettings(o: ContainerdOptions): Record<string, unknown> {
  const runc = {
    runtime_type: "io.containerd.runc.v2",
    ...(o.systemdCgroup === undefined ? {} : { options: { SystemdCgroup: o.systemdCgroup } }),
  };
  const cni = {
    ...(o.cniBinDir ? { bin_dir: o.cniBinDir } : {}),
    ...(o.cniConfDir ? { conf_dir: o.cniConfDir } : {}),
  };
  const common = {
    version: o.version,
    ...(o.socketPath ? { grpc: { address: o.socketPath } } : {}),
    ...(o.metricsAddress ? { metrics: { address: o.metricsAddress } } : {}),
  };
  if (o.version === 2)
    return {
      ...common,
      plugins: {
        "io.containerd.grpc.v1.cri": {
          ...(o.sandboxImage ? { sandbox_image: o.sandboxImage } : {}),
          cni,
          containerd: { runtimes: { runc } },
        },
      },
    };
  return {
    ...common,
    plugins: {
      "io.containerd.cri.v1.runtime": { cni, containerd: { runtimes: { runc } } },
      ...(o.sandboxImage
        ? { "io.containerd.cri.v1.images": { pinned_images: { sandbox: o.sandboxImage } } }
        : {}),
    },
  };
}
