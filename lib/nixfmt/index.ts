/**
 * Formatting Nix source the way the official formatter does: tree-sitter-nix reads the source,
 * `fromCst` attaches comments to tokens as nixfmt does, `pretty` applies nixfmt's rules, and the
 * layout engine writes the text.
 *
 * @module
 */
import * as E from "../either.js";
import { checkedCst } from "../parse/cst.js";
import { type ParseError, makeError } from "../parse/errors.js";
import { fromCst } from "./fromCst.js";
import { layoutWhole } from "./pretty.js";
import type { Expression, Whole } from "./tree.js";

/** Options of `formatSource`. */
export interface FormatSourceOptions {
  readonly width: number;
  readonly indent: number;
  readonly strict: boolean;
  readonly file?: string;
}

function readTree(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, Whole<Expression>> {
  const cst = checkedCst(source, options.file === undefined ? {} : { file: options.file });
  return E.isLeft(cst) ? cst : E.right(fromCst(source, cst.right, options.strict));
}

/** Formats Nix source text; a syntax error is a `Left`. */
export function formatSource(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, string> {
  try {
    // The syntax tree is dropped once read (large files: it is the biggest structure).
    const tree = readTree(source, options);
    if (E.isLeft(tree)) return tree;
    return E.right(layoutWhole(tree.right, options.width, options.indent));
  } catch (err) {
    if (err instanceof RangeError)
      return E.left(
        makeError(source, options.file ?? "<stdin>", 0, "input nested too deeply to format"),
      );
    throw err;
  }
}
