/**
 * From plain text to the raw source text of Nix string literals, attribute names and numbers.
 * A string escaped here can never end its literal early or start an interpolation.
 *
 * @module
 */
import { NixEmitError } from "../errors.js";

const KEYWORDS = new Set([
  "if",
  "then",
  "else",
  "assert",
  "with",
  "let",
  "in",
  "rec",
  "inherit",
  "or",
]);

/** Whether `name` is a Nix keyword (`if`, `let`, `or`, ...). */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

/** Whether `name` can stand unquoted as a variable or attribute name: `[a-zA-Z_][a-zA-Z0-9_'-]*`, no keyword. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !KEYWORDS.has(name);
}

/**
 * Text for a `"..."` string: escapes `\`, `"`, newline, carriage return, tab, and every `$` that
 * would start an interpolation or pair with one (`${`, a final `$`).
 *
 * `escapeDoubleQuoted('say "${x}"')` is `say \"\${x}\"`.
 */
export function escapeDoubleQuoted(text: string): string {
  // Most text needs no escape: skip the per-character pass.
  if (!/[\\"\n\r\t$]/.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    switch (ch) {
      case "\\":
        out += "\\\\";
        break;
      case '"':
        out += '\\"';
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      case "$":
        out += text[i + 1] === "{" || i + 1 === text.length ? "\\$" : "$";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/**
 * Text for an indented string `'' ... ''`: escapes `''` as `'''`, `${` (and a final `$`) as `''$`,
 * carriage returns as `''\r`, and a final `'` as `''\'` (it would merge with the closing `''`).
 */
export function escapeIndented(text: string): string {
  // Most text needs no escape: skip the per-character pass.
  if (!/['$\r]/.test(text)) return text;
  const tokens: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" && text[i + 1] === "'") {
      tokens.push("'''");
      i++;
    } else if (ch === "$" && (text[i + 1] === "{" || i + 1 === text.length)) {
      tokens.push("''$");
    } else if (ch === "\r") {
      tokens.push("''\\r");
    } else {
      tokens.push(ch);
    }
  }
  // A quote right before an escape that starts with `''` (or before the closing `''`) would merge
  // with it into `'''`: write such quotes as `''\'` instead.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const next = tokens[i + 1];
    if (next !== undefined && !next.startsWith("''")) continue;
    if (tokens[i] === "'") tokens[i] = "''\\'";
    else if (tokens[i] === "'''") tokens[i] = "''\\'''\\'";
  }
  return tokens.join("");
}

/**
 * Whether multi-line text reads back exactly from an indented string as the printer lays it out:
 * Nix strips the common indentation, so at least one line must start without a space, and lines of
 * only spaces or tabs are ambiguous.
 */
export function fitsIndentedString(text: string): boolean {
  if (!text.includes("\n") || text.includes("\r")) return false;
  const lines = text.split("\n");
  const last = lines.length - 1;
  let someLineUnindented = false;
  for (let i = 0; i <= last; i++) {
    const l = lines[i]!;
    if (l === "") continue;
    if (/^[ \t]*$/.test(l)) return false;
    if (l[0] === "\t" && i !== 0) return false;
    if (l[0] !== " ") someLineUnindented = true;
  }
  return someLineUnindented;
}

/**
 * Raw text of a float literal that reads back to exactly `x` (finite, non-negative, normal).
 * Nix needs a decimal point: `1.0e300`, `1.0e-7`, `100000000000000000000.0`.
 */
export function formatFloat(x: number): string {
  if (!Number.isFinite(x) || x < 0)
    throw new NixEmitError({
      path: "",
      message: `formatFloat needs a finite non-negative number, got ${x}`,
    });
  const s = String(x);
  const e = s.indexOf("e");
  if (e >= 0) {
    let mantissa = s.slice(0, e);
    if (!mantissa.includes(".")) mantissa += ".0";
    return `${mantissa}e${s.slice(e + 1).replace("+", "")}`;
  }
  return s.includes(".") ? s : `${s}.0`;
}

/** Smallest positive normal double; Nix 2.8 cannot read smaller non-zero floats back. */
export const MIN_NORMAL_DOUBLE = 2.2250738585072014e-308;
