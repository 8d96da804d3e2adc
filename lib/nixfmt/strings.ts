/**
 * The lines of a string or path as nixfmt keeps them, for both ways into its tree (source and the
 * AST).
 *
 * @module
 */
import type { StringPart } from "./tree.js";

type Line = StringPart[];

/** Splits string parts into lines at the newlines of their text. */
export function splitLines(parts: readonly StringPart[]): Line[] {
  const lines: Line[] = [[]];
  for (const p of parts) {
    if (p.k === "interpolation") lines[lines.length - 1]!.push(p);
    else
      p.text.split("\n").forEach((piece, i) => {
        if (i > 0) lines.push([]);
        lines[lines.length - 1]!.push({ k: "text", text: piece });
      });
  }
  return lines;
}

/** Merges adjacent text parts and drops empty ones (nixfmt's `normalizeLine`). */
export function normalizeLine(line: readonly StringPart[]): Line {
  const out: Line = [];
  for (const p of line) {
    if (p.k === "text") {
      if (p.text === "") continue;
      const last = out[out.length - 1];
      if (last?.k === "text") out[out.length - 1] = { k: "text", text: last.text + p.text };
      else out.push(p);
    } else out.push(p);
  }
  return out;
}

/**
 * Whether an indented string's value depends on the column of its lines: it has a `''\n` escape
 * followed on its source line by a space (` ` or the escape `''\ `). Nix (`parser.y`,
 * `stripIndentation`) measures the indentation to strip with every escape ending a line's leading
 * spaces, then strips walking the escapes' values: after the line break `''\n` stands for, the
 * spaces that follow are stripped as if they started a line, up to that indentation. Moving the
 * lines to another column changes the indentation, so how many of those spaces remain, while the
 * spaces themselves do not move. (`''\` before a real line break is safe: the spaces after it
 * start a source line and move with the others.) `parts` hold the raw text between `''` and `''`.
 */
export function columnDependent(parts: readonly StringPart[]): boolean {
  let afterBreak = false;
  for (const p of parts) {
    if (p.k === "interpolation") {
      afterBreak = false;
      continue;
    }
    const t = p.text;
    for (let i = 0; i < t.length;) {
      if (t.startsWith("''", i)) {
        const e = t[i + 2];
        if (e === "\\") {
          const c = t[i + 3];
          if (afterBreak && c === " ") return true;
          afterBreak = c === "n";
          i += 4;
        } else {
          // `'''` and `''$`
          afterBreak = false;
          i += 3;
        }
      } else {
        if (afterBreak && t[i] === " ") return true;
        afterBreak = false;
        i++;
      }
    }
  }
  return false;
}
