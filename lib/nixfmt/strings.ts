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
