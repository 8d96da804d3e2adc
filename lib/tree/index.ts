/**
 * Module trees: a folder of generated `.nix` files with a `default.nix` importing them, validated
 * and rendered in memory, then written all or nothing (or checked against the disk).
 *
 * ```ts
 * import { renderTree, writeTree } from "nix-emit/tree";
 * const rendered = renderTree({ files: { "kubelet.nix": module } }); // Either<Issue[], Map>
 * ```
 *
 * @module
 */
export {
  GENERATED_HEADER,
  contentHash,
  generatedState,
  headerFor,
  checkPath,
  renderTree,
  type ModuleTree,
  type RenderedTree,
} from "./render.js";
export { MANIFEST, writeTree, type WriteOptions, type WriteReport } from "./write.js";
