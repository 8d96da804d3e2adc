/**
 * `generate`: from a cluster description to the module tree on disk (or checked against it), with
 * every problem reported before anything is written.
 */
import * as E from "fp-ts/lib/Either.js";
import type { Issue } from "../errors.js";
import { renderModule } from "../module/index.js";
import { type RenderedTree, renderTree, type WriteReport, writeTree } from "../tree/index.js";
import { type Cluster, validateCluster } from "./cluster.js";
import { clusterModules } from "./modules.js";

/** The tree for a cluster: `default.nix`, `k8s.nix`, `kubelet.nix`, `apiserver.nix`, `containerd.nix`. */
export function renderCluster(cluster: unknown): E.Either<Issue[], RenderedTree> {
  const valid = validateCluster(cluster);
  if (E.isLeft(valid)) return valid;
  const modules = clusterModules(valid.right);
  const files: Record<
    string,
    ReturnType<typeof renderModule> extends E.Either<Issue[], infer X> ? X : never
  > = {};
  const issues: Issue[] = [];
  for (const [name, module] of Object.entries(modules)) {
    const r = renderModule(module as Parameters<typeof renderModule>[0]);
    if (E.isLeft(r)) issues.push(...r.left);
    else files[`${name}.nix`] = r.right;
  }
  if (issues.length > 0) return E.left(issues);
  return renderTree({ files });
}

/** Options of `generate`. */
export interface GenerateOptions {
  readonly cluster: Cluster | unknown;
  readonly outDir: string;
  readonly check?: boolean;
  readonly force?: boolean;
}

/** Validates, renders and writes (or checks) the tree. Nothing is written when anything is wrong. */
export async function generate(options: GenerateOptions): Promise<E.Either<Issue[], WriteReport>> {
  const tree = renderCluster(options.cluster);
  if (E.isLeft(tree)) return tree;
  return writeTree(options.outDir, tree.right, {
    ...(options.check ? { check: true } : {}),
    ...(options.force ? { force: true } : {}),
  });
}
