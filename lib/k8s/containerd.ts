/**
 * containerd configuration for nixpkgs' `virtualisation.containerd.settings` (TOML), in the version 2
 * layout (CRI plugin at `io.containerd.grpc.v1.cri`) or the version 3 layout of containerd 2.x
 * (`io.containerd.cri.v1.runtime` and `io.containerd.cri.v1.images`).
 */
import {
  absolutePath,
  boolean,
  field as f,
  flagString,
  literal,
  struct,
  type TypeOf,
} from "./schema.js";

/** containerd's options for Kubernetes (the rest of its settings can be set from Nix). */
export const containerdOptionsSchema = struct({
  version: f(
    literal([2, 3], "3 for containerd 2.x, 2 for containerd 1.x"),
    "Config layout: 2 (containerd 1.x) or 3 (containerd 2.x).",
  ),
  socketPath: f(
    absolutePath,
    "The gRPC socket (`grpc.address`); the kubelet's containerRuntimeEndpoint is derived from it.",
  ),
  cniBinDir: f(
    absolutePath,
    "Where CNI plugins live: the default of `services.k8s-network.cniBinDir` (otherwise `${pkgs.cni-plugins}/bin`); `/opt/cni/bin` for plugins that install themselves, like Cilium.",
  ),
  cniConfDir: f(
    absolutePath,
    "Where CNI network configurations live: the default of `services.k8s-network.cniConfDir` (otherwise `/etc/cni/net.d`).",
  ),
  systemdCgroup: f(
    boolean,
    "Use the systemd cgroup driver for runc (must match the kubelet's cgroupDriver).",
  ),
  metricsAddress: f(flagString, "Prometheus metrics address, e.g. `[::]:9103`."),
  sandboxImage: f(flagString, "The pause image of pod sandboxes."),
});

/** containerd's options, typed from `containerdOptionsSchema`; `version` defaults to 2. */
export type ContainerdOptions = TypeOf<typeof containerdOptionsSchema>;

/** The settings attribute set for `virtualisation.containerd.settings`. */
export function containerdSettings(
  o: ContainerdOptions,
  cniDirs?: { readonly bin_dir: unknown; readonly conf_dir: unknown },
): Record<string, unknown> {
  const version = o.version ?? 2;
  const runc = {
    runtime_type: "io.containerd.runc.v2",
    ...(o.systemdCgroup === undefined ? {} : { options: { SystemdCgroup: o.systemdCgroup } }),
  };
  const cni = cniDirs ?? {
    ...(o.cniBinDir ? { bin_dir: o.cniBinDir } : {}),
    ...(o.cniConfDir ? { conf_dir: o.cniConfDir } : {}),
  };
  const common = {
    version,
    ...(o.socketPath ? { grpc: { address: o.socketPath } } : {}),
    ...(o.metricsAddress ? { metrics: { address: o.metricsAddress } } : {}),
  };
  if (version === 2)
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
