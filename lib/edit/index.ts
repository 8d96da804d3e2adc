/**
 * Editing existing Nix files from TypeScript, keeping every other byte: find, set and remove
 * bindings by attribute path, whatever style the file is written in.
 *
 * ```ts
 * import { editNix } from "nix-emit/edit";
 * const doc = editNix(source, { file: "kubelet.nix" }); // Either<ParseError, NixDocument>
 * doc.set("config.networking.firewall.allowedTCPPorts", [10250]);
 * doc.toString();
 * ```
 *
 * Loads the native tree-sitter parser, like `nix-emit/parse`.
 *
 * @module
 */
export { type Edit, editNix, type EditOptions, type LetBinding, NixDocument } from "./document.js";
export { assignmentSplit, formatAttrPath, parseAttrPath, type AttrPathInput } from "./path.js";
export { findByPath, mapExpr, visit } from "./tree.js";
