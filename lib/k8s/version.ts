/**
 * The oldest Kubernetes release the tree for a cluster works with, and why: stated in the docs and
 * checked against `services.k8s.package.version` where the package has one.
 */
import type { Cluster } from "./cluster.js";

/** A requirement: the release and what needs it. */
export interface VersionNeed {
  readonly version: string;
  readonly why: string;
}

const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if ((x![i] ?? 0) !== (y![i] ?? 0)) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
};

/** Everything in the tree for `cluster` that needs a given release, oldest first. */
export function versionNeeds(cluster: Cluster): VersionNeed[] {
  const needs: VersionNeed[] = [
    { version: "1.25", why: "the scheduler's kubescheduler.config.k8s.io/v1 configuration" },
    { version: "1.21", why: "the kube-dns EndpointSlice (discovery.k8s.io/v1)" },
  ];
  if (cluster.kubelet?.settings?.imageMaximumGCAge !== undefined)
    needs.push({ version: "1.30", why: "kubelet.settings.imageMaximumGCAge" });
  return needs.sort((a, b) => compare(a.version, b.version));
}

/** The oldest release that has everything the tree uses, and the needs that set it. */
export function minimumVersion(cluster: Cluster): { version: string; why: string[] } {
  const needs = versionNeeds(cluster);
  const version = needs[needs.length - 1]!.version;
  return { version, why: needs.filter((x) => x.version === version).map((x) => x.why) };
}
