/**
 * Formatting Nix source the way the official formatter does: the fast reader (`read.ts`) reads the
 * source into nixfmt's tree, comments attached to tokens as nixfmt does; where it gives up,
 * tree-sitter-nix reads it (and reports syntax errors) and `fromCst` builds the same tree. Then
 * `pretty` applies nixfmt's rules, and the layout engine writes the text.
 *
 * @module
 */
import * as E from "../either.js";
import { checkedCst } from "../parse/cst.js";
import { type ParseError, SyntaxError_, makeError } from "../parse/errors.js";
import { fromCst } from "./fromCst.js";
import { readSource } from "./read.js";
import { type TreeOwner, layoutWholeTaking } from "./pretty.js";
import type { Expression, Whole } from "./tree.js";

/** Options of `formatSource`. */
export interface FormatSourceOptions {
  readonly width: number;
  readonly indent: number;
  readonly strict: boolean;
  readonly file?: string;
}

/**
 * Reads source into nixfmt's token tree: the fast reader, or tree-sitter where it gives up (and
 * reports syntax errors). The one reader behind `fmt`, `parse` and the prettier plugin.
 */
export function readTree(
  source: string,
  options: { readonly strict: boolean; readonly file?: string },
): E.Either<ParseError, Whole<Expression>> {
  const read = readSource(source, options.strict);
  if (read !== null) return E.right(read);
  const cst = checkedCst(source, options.file === undefined ? {} : { file: options.file });
  if (E.isLeft(cst)) return cst;
  try {
    return E.right(fromCst(source, cst.right, options.strict));
  } catch (err) {
    if (err instanceof SyntaxError_)
      return E.left(makeError(source, options.file ?? "<stdin>", err.index, err.message));
    throw err;
  }
}

/** Reads the source into `owner`'s tree (the syntax tree is released when this returns). */
function readTreeInto(
  owner: TreeOwner,
  source: string,
  options: FormatSourceOptions,
): ParseError | undefined {
  const tree = readTree(source, options);
  if (E.isLeft(tree)) return tree.left;
  owner.tree = tree.right;
  return undefined;
}

/** Formats Nix source text; a syntax error is a `Left`. */
export function formatSource(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, string> {
  try {
    // Each stage is handed over and released once the next is made (large files: memory).
    const owner: TreeOwner = { tree: null, noDisabledRegions: !source.includes("nixfmt:disable") };
    const error = readTreeInto(owner, source, options);
    if (error !== undefined) return E.left(error);
    return E.right(layoutWholeTaking(owner, options.width, options.indent));
  } catch (err) {
    if (err instanceof RangeError)
      return E.left(
        makeError(source, options.file ?? "<stdin>", 0, "input nested too deeply to format"),
      );
    throw err;
  }
}
