/**
 * Comments of the source as AST trivia.
 *
 * @module
 */
import type { BlockComment, LineComment, Trivium } from "../ast/nodes.js";
import { blockLines } from "../nixfmt/trivia.js";

/** A comment as found in the source. */
export interface RawComment {
  readonly start: number;
  readonly end: number;
  readonly startRow: number;
  readonly column: number;
  readonly text: string;
  /** Code precedes it on its line. */
  readonly afterCode: boolean;
}

/**
 * A comment as AST trivia, cleaned as nixfmt cleans it (`blockLines`: stars, indentation; one-line
 * block comments become line comments), so a parsed comment prints as `nix-emit fmt` writes it.
 */
export function toTrivium(c: RawComment): Trivium | undefined {
  if (c.text.startsWith("#")) return { type: "lineComment", text: c.text.slice(1).trimEnd() };
  const isDoc = c.text.startsWith("/**") && c.text !== "/**/";
  const lines = blockLines(c.text.slice(isDoc ? 3 : 2, -2), c.column);
  if (lines.length === 0) return undefined;
  if (lines.length === 1 && !isDoc)
    return { type: "lineComment", text: " " + lines[0]!.trim() } satisfies LineComment;
  return { type: "blockComment", doc: isDoc, lines } satisfies BlockComment;
}
