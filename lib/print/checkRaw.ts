/**
 * The safety check of raw literal text: string and path text is kept as written (escapes stay
 * escaped), so text that would end the literal early or open an interpolation is refused.
 *
 * @module
 */
import type { StringPart } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";

/**
 * Rejects raw text that would end the literal early or start an interpolation, following Nix's
 * lexer: in `"..."` a `\` escapes one character and `$` followed by anything but `{` is literal
 * (`$$` consumes both, so `"$${x}"` is the text `$${x}`); in `''...''` the escapes are `''$`, `'''`
 * and `''\x`.
 */
export function checkRaw(parts: readonly StringPart[], style: "double" | "indented"): void {
  // An indexed loop and no closure per part: the plain-value printer checks every string.
  for (let index = 0; index < parts.length; index++) {
    const p = parts[index]!;
    if (p.type !== "text") continue;
    const next = parts[index + 1];
    const problem = style === "double" ? doubleProblem(p.raw) : indentedProblem(p.raw);
    if (problem) unsafe(style, p.raw, problem);
    if (next?.type === "interpolation" && endsWithOpenDollar(p.raw, style))
      unsafe(style, p.raw, "a literal `$` right before an interpolation must be escaped");
    if (style === "indented" && index === parts.length - 1 && endsWithLoneQuote(p.raw))
      unsafe(style, p.raw, "a literal `'` right before the closing `''` must be escaped");
  }
}

function unsafe(style: "double" | "indented", raw: string, why: string): never {
  throw new NixEmitError({
    path: "",
    message: `unsafe raw text in a ${style === "double" ? "double-quoted" : "indented"} string ${JSON.stringify(raw)}: ${why}`,
    hint: "build string literals with n.str or the escape functions, which escape it",
  });
}

function doubleProblem(raw: string): string | undefined {
  if (!/[\\"$]/.test(raw)) return undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "\\") {
      if (i + 1 >= raw.length) return "it ends with a lone backslash";
      i++;
    } else if (ch === '"') {
      return 'it contains an unescaped `"`';
    } else if (ch === "$") {
      if (raw[i + 1] === "{") return "it contains an unescaped `${`";
      if (raw[i + 1] === "$") i++;
    }
  }
  return undefined;
}

function indentedProblem(raw: string): string | undefined {
  if (!/['$]/.test(raw)) return undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === "'" && raw[i + 1] === "'") {
      const after = raw[i + 2];
      if (after === "$" || after === "'") i += 2;
      else if (after === "\\" && i + 3 < raw.length) i += 3;
      else return "it contains `''` that is not one of the escapes `'''`, `''$`, `''\\x`";
    } else if (ch === "$") {
      if (raw[i + 1] === "{") return "it contains an unescaped `${`";
      if (raw[i + 1] === "$") i++;
    }
  }
  return undefined;
}

function endsWithOpenDollar(raw: string, style: "double" | "indented"): boolean {
  // Re-scan to find whether the final `$` is consumed by an escape or a `$$` pair.
  let open = false;
  for (let i = 0; i < raw.length; i++) {
    open = false;
    const ch = raw[i];
    if (style === "double" && ch === "\\") i++;
    else if (style === "indented" && ch === "'" && raw[i + 1] === "'")
      i += raw[i + 2] === "\\" ? 3 : 2;
    else if (ch === "$") {
      if (raw[i + 1] === "$") i++;
      else if (i + 1 >= raw.length) open = true;
    }
  }
  return open;
}

/** Whether indented raw text ends with a `'` that is not part of an escape (it would merge with `''`). */
function endsWithLoneQuote(raw: string): boolean {
  // Only the last character can be the lone quote: most text is settled without a scan.
  if (!raw.endsWith("'")) return false;
  let lone = false;
  for (let i = 0; i < raw.length; i++) {
    lone = false;
    if (raw[i] === "'" && raw[i + 1] === "'") i += raw[i + 2] === "\\" ? 3 : 2;
    else if (raw[i] === "'") lone = true;
  }
  return lone;
}
