/**
 * `parse`: Nix source into the nix-emit AST, comments included: read into nixfmt's token tree as
 * `nix-emit fmt` reads it (the fast reader, or tree-sitter-nix where it gives up), then lifted
 * (`lib/nixfmt/lift.ts`), so `print(parse(src))` is `fmt(src)`.
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
import { readTree } from "../nixfmt/index.js";
import { LiftError, liftFile } from "../nixfmt/lift.js";
import { type ParseError, type ParseOptions, makeError } from "../treesitter/errors.js";

export type { ParseError, ParseOptions } from "../treesitter/errors.js";

/** Parses Nix source. Never throws: a syntax error is a `Left` with its position. */
export function parse(
  source: string,
  options: ParseOptions = {},
): E.Either<ParseError, SourceFile> {
  const file = options.file ?? "<stdin>";
  try {
    // The token tree as `nix-emit fmt` reads it (comments where nixfmt puts them), lifted.
    const tree = readTree(source, { strict: false, file });
    if (E.isLeft(tree)) return tree;
    return E.right(liftFile(tree.right));
  } catch (err) {
    if (err instanceof LiftError)
      return E.left(makeError(source, file, tokenIndex(source, err.line, err.token), err.message));
    if (err instanceof RangeError)
      return E.left(makeError(source, file, 0, "input nested too deeply to parse"));
    throw err;
  }
}

/** Where `token` stands on 1-based `line` of `source` (its start when not found). */
function tokenIndex(source: string, line: number, token: string): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = source.indexOf("\n", start);
    if (nl < 0) break;
    start = nl + 1;
  }
  const end = source.indexOf("\n", start);
  const at = source.slice(start, end < 0 ? undefined : end).indexOf(token);
  return at < 0 ? start : start + at;
}

/** Like `parse`, but throws an Error with the formatted message. */
export function parseOrThrow(source: string, options: ParseOptions = {}): SourceFile {
  const r = parse(source, options);
  if (E.isLeft(r)) throw new Error(r.left.formatted);
  return r.right;
}
