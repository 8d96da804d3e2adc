/**
 * The safety check of raw literal text: string and path text is kept as written (escapes stay
 * escaped), so text that would end the literal early or open an interpolation is refused.
 *
 * @module
 */
import type { Interpolation, StringPart } from "./nodes.js";
import { NixEmitError } from "../errors.js";

/**
 * Rejects raw text that would end the literal early or start an interpolation, following Nix's
 * lexer: in `"..."` a `\` escapes one character and `$` followed by anything but `{` is literal
 * (`$$` consumes both, so `"$${x}"` is the text `$${x}`); in `''...''` the escapes are `''$`, `'''`
 * and `''\x`.
 *
 * The check reads every field once, into a copy (a getter cannot show it one text and the printer
 * another), and looks at the text as it will be printed: neighbouring text parts joined, since
 * `"$"` then `"{x}"` print as `${x}`. Print from the returned copy.
 */
export function checkRaw(parts: readonly StringPart[], style: "double" | "indented"): StringPart[] {
  const copy = copyParts(parts);
  // An indexed loop and no closure per part: the plain-value printer checks every string.
  for (let index = 0; index < copy.length; index++) {
    const p = copy[index]!;
    if (p.type !== "text") continue;
    const next = copy[index + 1];
    const problem = style === "double" ? doubleProblem(p.raw) : indentedProblem(p.raw);
    if (problem) unsafe(style, p.raw, problem);
    if (next?.type === "interpolation" && endsWithOpenDollar(p.raw, style))
      unsafe(style, p.raw, "a literal `$` right before an interpolation must be escaped");
    if (style === "indented" && index === copy.length - 1 && endsWithLoneQuote(p.raw))
      unsafe(style, p.raw, "a literal `'` right before the closing `''` must be escaped");
  }
  return copy;
}

/**
 * The parts as plain data, each field read once, neighbouring text parts joined (they print as one
 * text). Anything that is not a text or an interpolation part is refused.
 */
export function copyParts(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  const n = parts.length;
  for (let i = 0; i < n; i++) {
    const p = parts[i];
    const type = p?.type;
    if (type === "text") {
      const raw: unknown = (p as { raw: unknown }).raw;
      if (typeof raw !== "string")
        throw new NixEmitError({
          path: "",
          message: `a string's text part holds ${raw === null ? "null" : typeof raw}, not text`,
          hint: "build string literals with n.str",
        });
      const last = out[out.length - 1];
      if (last?.type === "text") out[out.length - 1] = { type: "text", raw: last.raw + raw };
      else out.push({ type: "text", raw });
    } else if (type === "interpolation") {
      const { expr, comments } = p as Interpolation;
      out.push(
        comments === undefined
          ? { type: "interpolation", expr }
          : { type: "interpolation", expr, comments },
      );
    } else
      throw new NixEmitError({
        path: "",
        message: `not a string part: ${JSON.stringify(type)}`,
        hint: 'string parts are { type: "text", raw } or { type: "interpolation", expr }',
      });
  }
  return out;
}

/** The raw text of text-only parts, checked as a whole (see {@link checkRaw}); each read once. */
export function checkedText(parts: readonly StringPart[], style: "double" | "indented"): string {
  // Nearly every string is one text part: read it once and check it without copying.
  if (parts.length === 1) {
    const p = parts[0]!;
    const raw: unknown = p.type === "text" ? (p as { raw: unknown }).raw : undefined;
    if (typeof raw === "string") {
      const problem = style === "double" ? doubleProblem(raw) : indentedProblem(raw);
      if (problem) unsafe(style, raw, problem);
      if (style === "indented" && endsWithLoneQuote(raw))
        unsafe(style, raw, "a literal `'` right before the closing `''` must be escaped");
      return raw;
    }
  }
  const copy = checkRaw(parts, style);
  let raw = "";
  for (const p of copy) if (p.type === "text") raw += p.raw;
  return raw;
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
