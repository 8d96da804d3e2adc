/**
 * `renderCluster`: from a cluster description to the rendered module tree, with every problem
 * reported before any Nix is written. Writing it is the caller's (the CLI's) business.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { renderModule } from "../module/index.js";
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
  const files: Record<
    string,
    ReturnType<typeof renderModule> extends E.Either<Issue[], infer X> ? X : never
  > = {};
  const issues: Issue[] = [];
  for (const [name, module] of Object.entries(clusterModules(valid.right))) {
    const r = renderModule(module as Parameters<typeof renderModule>[0]);
    if (E.isLeft(r)) issues.push(...r.left);
    else files[`${name}.nix`] = r.right;
  }
  if (issues.length > 0) return E.left(issues);
  return renderTree({ files });
}
