/**
 * Nix source into tree-sitter-nix's concrete syntax tree, checked for syntax errors. Both the AST
 * converter (`convert.ts`) and the formatter (`lib/nixfmt/fromCst.ts`) start here.
 *
 * @module
 */
import * as E from "../either.js";
import {
  type ParseError,
  type ParseOptions,
  findError,
  findOddSpace,
  makeError,
} from "./errors.js";
import { type SyntaxNode, parseLightCst } from "./treeSitter.js";

/**
 * Reads Nix source into tree-sitter-nix's syntax tree and reports the first syntax error. The
 * tree may be of a masked copy of the source (same length; take all text from `source`).
 */
export function checkedCst(
  source: string,
  options: ParseOptions = {},
): E.Either<ParseError, SyntaxNode> {
  const file = options.file ?? "<stdin>";
  if (source.includes("\u0000"))
    return E.left(
      makeError(
        source,
        file,
        source.indexOf("\u0000"),
        "NUL byte in input: this is not a Nix file",
      ),
    );
  if (source.startsWith("\uFEFF"))
    return E.left(
      makeError(
        source,
        file,
        0,
        "byte-order mark (U+FEFF) at the start: Nix does not read it (nor does nixfmt); save the file as UTF-8 without BOM",
      ),
    );
  // A `#` comment ends at `\r` as at `\n` (Nix's lexer): `# hdr\r{ a = 1; }` is a set.
  if (source.trim() === "" || /^(\s|#[^\r\n]*([\r\n]|$))*$/.test(source))
    return E.left(makeError(source, file, 0, "empty file: a Nix file must contain one expression"));
  let root: SyntaxNode;
  try {
    root = parseLightCst(mask(source));
  } catch (err) {
    return E.left(makeError(source, file, 0, `the parser failed: ${(err as Error).message}`));
  }
  const problem = findError(root, source);
  if (problem) {
    const odd = findOddSpace(root, source);
    if (odd) return E.left(makeError(source, file, odd.index, odd.message));
  }
  if (problem) return E.left(makeError(source, file, problem.index, problem.message));
  return E.right(root);
}

/**
 * Works around gaps of tree-sitter-nix 0.0.2 with a copy of the same length (all text is taken
 * from the original): `~/${x}` paths read as `./`; a lone `\r`, which ends a comment in Nix, as
 * `\n`; the pipe operators `|>` and `<|` (newer than the grammar) as `->`, the operator of lowest
 * precedence it knows (the converters read the real operator from the source).
 */
export function mask(source: string): string {
  return source
    .replace(/~\//g, "./")
    .replace(/\r(?!\n)/g, "\n")
    .replace(/\|>|<\|/g, "->");
}
