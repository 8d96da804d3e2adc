/**
 * `parse`: Nix source into the nix-emit AST, comments included, through tree-sitter-nix.
 *
 * ```ts
 * import { parse } from "nix-emit/parse";
 * const result = parse("{ a = 1; }", { file: "a.nix" }); // Either<ParseError, SourceFile>
 * ```
 *
 * @module
 */
import * as E from "../either.js";
import type { SourceFile } from "../ast/nodes.js";
import { checkedCst } from "./cst.js";
import { Converter } from "./convert.js";
import { type ParseError, type ParseOptions, SyntaxError_, makeError } from "./errors.js";

export type { ParseError, ParseOptions } from "./errors.js";

/** Parses Nix source. Never throws: a syntax error is a `Left` with its position. */
export function parse(
  source: string,
  options: ParseOptions = {},
): E.Either<ParseError, SourceFile> {
  const file = options.file ?? "<stdin>";
  const cst = checkedCst(source, options);
  if (E.isLeft(cst)) return cst;
  try {
    return E.right(new Converter(source, cst.right).file());
  } catch (err) {
    if (err instanceof SyntaxError_) return E.left(makeError(source, file, err.index, err.message));
    if (err instanceof RangeError)
      return E.left(makeError(source, file, 0, "input nested too deeply to parse"));
    throw err;
  }
}

/** Like `parse`, but throws an Error with the formatted message. */
export function parseOrThrow(source: string, options: ParseOptions = {}): SourceFile {
  const r = parse(source, options);
  if (E.isLeft(r)) throw new Error(r.left.formatted);
  return r.right;
}
