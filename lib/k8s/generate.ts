/**
 * `renderCluster`: from a cluster description to the rendered module tree, with every problem
 * reported before any Nix is written. Writing it is the caller's (the CLI's) business.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { type RenderedTree, renderTree } from "../tree/index.js";
import { type Cluster, validateCluster } from "./cluster.js";
import { clusterModules } from "./modules/index.js";

/**
 * The tree for a cluster: `default.nix`, `k8s.nix`, `kubelet.nix`, `apiserver.nix`,
 * `containerd.nix`. The description is validated first (a typed value can still hold a `7d`
 * duration); parse JSON input with `validateCluster` to get a `Cluster`.
 */
export function renderCluster(cluster: Cluster): E.Either<Issue[], RenderedTree> {
  const valid = validateCluster(cluster);
  if (E.isLeft(valid)) return valid;
  return renderTree({ modules: Object.values(clusterModules(valid.right)) });
}
