/**
 * Comments of the source as AST trivia.
 *
 * @module
 */
import type { BlockComment, LineComment, Trivium } from "../ast/nodes.js";

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

/** A comment as AST trivia (one-line block comments become line comments). */
export function toTrivium(c: RawComment): Trivium | undefined {
  if (c.text.startsWith("#")) return { type: "lineComment", text: c.text.slice(1).trimEnd() };
  const isDoc = c.text.startsWith("/**") && c.text !== "/**/";
  const inner = c.text.slice(isDoc ? 3 : 2, -2);
  let lines = inner.split(/\r?\n/).map((l) => l.trimEnd());
  if (lines.length === 1 && !isDoc) {
    const t = lines[0]!.trim();
    return t === "" ? undefined : ({ type: "lineComment", text: " " + t } satisfies LineComment);
  }
  // Drop a leading `*` column (" * text" style), then the common indentation.
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  if (rest.length > 0 && rest.every((l) => /^\s*\*( |$)/.test(l)))
    lines = [lines[0]!, ...lines.slice(1).map((l) => l.replace(/^\s*\* ?/, ""))];
  const firstBlank = lines[0]!.trim() === "";
  let head: string[] = [];
  if (firstBlank) lines.shift();
  else head = [lines.shift()!.trim()];
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const indents = lines.filter((l) => l !== "").map((l) => /^ */.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [...head, ...lines.map((l) => l.slice(common))];
  while (out.length > 0 && out[0] === "") out.shift();
  if (out.length === 0) return undefined;
  return { type: "blockComment", doc: isDoc, lines: out } satisfies BlockComment;
}
