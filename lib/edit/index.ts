/**
 * Editing existing Nix files from TypeScript, keeping every other byte: find, set and remove
 * bindings and list items by attribute path, whatever style the file is written in.
 *
 * ```ts
 * import { editNix } from "nix-emit/edit";
 * const doc = editNix(source, { file: "kubelet.nix" }); // Either<ParseError, NixDocument>
 * doc.set("config.networking.firewall.allowedTCPPorts", [10250]);
 * doc.set("options.x.default", 2); // inside lib.mkOption { … }
 * doc.append("imports", n.path("./etcd.nix")); // once
 * doc.let("port").set(8080); // a let binding
 * doc.addFormal("pkgs"); // { config, lib, ... }: → { config, lib, pkgs, ... }:
 * doc.toString();
 * ```
 *
 * Paths go through sets, dotted bindings, the set argument of `lib.mkOption`/`mkIf`/`mkDefault`/
 * `mkForce`/`mkOverride`/`mkBefore`/`mkAfter`/`mkEnableOption`/`mkPackageOption`, the sets of
 * `mkMerge [ … ]` and list items by index (`after.0`). Quoting: names other than letters, digits,
 * `_`, `'` and `-` are quoted (`a."b.c=d"`, `\"` a quote and `\\` a backslash inside); see
 * `parseAttrPath`. `let` bindings are reached only through `doc.let(path)`: a path names what the
 * file's body defines, and a `let` binding of the same name is another thing.
 *
 * The invariant: every edit is re-read once (that tree gives the positions for the next edit) and
 * kept only when the text parses, the edited path reads back the new value and everything else
 * (other paths, `let` bindings, formals) reads back as before. Anything else (a path through `//`,
 * `if`, another call, a string, an `inherit`, computed names; a comment the edit would delete) is a
 * `NixEmitError` from the method, or a `Left` from `doc.apply(edit)`, naming the path, what stood in
 * the way and what to do; the document is then unchanged.
 *
 * Loads the native tree-sitter parser, like `nix-emit/parse`.
 *
 * @module
 */
export { type Edit, editNix, type EditOptions, type LetBinding, NixDocument } from "./document.js";
export { assignmentSplit, formatAttrPath, parseAttrPath, type AttrPathInput } from "./path.js";
export { findByPath, mapExpr, visit } from "./tree.js";
