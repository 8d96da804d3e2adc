/**
 * Strings, paths and interpolations (nixfmt's `Pretty StringPart`, `prettySimpleString`,
 * `prettyIndentedString`), and the safety check of raw literal text.
 */
import type { Expr, Interpolation, StringLit, StringPart } from "../../ast/nodes.js";
import { NixEmitError } from "../../errors.js";
import {
  type Doc,
  cat,
  catAll,
  empty,
  group,
  line_,
  nest,
  newline,
  offset,
  sepBy,
  surroundWith,
  text,
  unexpandSpacing,
} from "../doc.js";
import { isAbsorbableExpr, isAbsorbableTerm, isSimple } from "./absorb.js";
import { prettyApp } from "./app.js";
import { hasComments, withComments } from "./comments.js";
import type { Ctx } from "./context.js";
import { absorbExpr, prettyExpr } from "./expr.js";
import { prettyTerm } from "./term.js";

type Line = StringPart[];

/** Splits string parts into source lines. */
export function splitLines(parts: readonly StringPart[]): Line[] {
  const lines: Line[] = [[]];
  for (const p of parts) {
    if (p.type === "interpolation") {
      lines[lines.length - 1]!.push(p);
      continue;
    }
    const pieces = p.raw.split("\n");
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece !== "") lines[lines.length - 1]!.push({ type: "text", raw: piece });
    });
  }
  return lines;
}

const isSpaces = (t: string) => /^ *$/.test(t);

/** The inside of `${ }` when it is alone on its line, laid out like parenthesised code. */
function interpolationInner(e: Expr, c: Ctx): Doc {
  if (isAbsorbableExpr(e, c)) return group(absorbExpr(false, e, c));
  if (e.type === "apply")
    return withComments(e.comments, prettyApp(c, true, empty, true, e.fn, e.arg));
  if (e.type === "select" && isAbsorbableTerm(e.expr, c))
    return cat(line_, group(prettyExpr(e, c)), line_);
  if (e.type === "select") return cat(group(prettyExpr(e, c)), line_);
  return cat(line_, group(prettyExpr(e, c)), line_);
}

function prettyInterpolation(i: Interpolation, c: Ctx): Doc {
  const e = i.expr;
  if (!hasComments(i) && isAbsorbableTerm(e, c))
    return group(cat(text("${"), prettyTerm(e, c), text("}")));
  if (!hasComments(i) && isSimple(e)) {
    const d = prettyExpr(e, c);
    return cat(text("${"), unexpandSpacing(d) ?? d, text("}"));
  }
  const whole = group(withComments(i.comments, prettyExpr(e, c)));
  return group(
    cat(text("${"), unexpandSpacing(whole, 30) ?? surroundWith(line_, nest(whole)), text("}")),
  );
}

export function prettyPart(p: StringPart, c: Ctx): Doc {
  return p.type === "text" ? text(p.raw) : prettyInterpolation(p, c);
}

/** One source line of a string or path. */
export function prettyLine(parts: readonly StringPart[], c: Ctx): Doc {
  const [first, second] = parts;
  if (parts.length === 1 && first!.type === "interpolation" && !hasComments(first!))
    return prettyLine([{ type: "text", raw: "" }, first!], c);
  if (
    parts.length === 2 &&
    first!.type === "text" &&
    second!.type === "interpolation" &&
    !hasComments(second!) &&
    isSpaces(first!.raw)
  ) {
    return cat(
      text(first!.raw),
      offset(
        first!.raw.length,
        group(cat(text("${"), nest(interpolationInner(second!.expr, c)), text("}"))),
      ),
    );
  }
  if (parts.length === 1 && first!.type === "interpolation")
    return group(cat(text("${"), surroundWith(line_, nest(prettyExpr(first!.expr, c))), text("}")));
  if (first?.type === "text") {
    const indentation = /^\s*/.exec(first.raw)![0].length;
    return cat(
      text(first.raw),
      offset(indentation, catAll(parts.slice(1).map((p) => prettyPart(p, c)))),
    );
  }
  return catAll(parts.map((p) => prettyPart(p, c)));
}

export function prettySimpleString(parts: readonly StringPart[], c: Ctx): Doc {
  checkRaw(parts, "double");
  return group(
    cat(
      text('"'),
      sepBy(
        text("\n"),
        splitLines(parts).map((l) => prettyLine(l, c)),
      ),
      text('"'),
    ),
  );
}

export function prettyIndentedString(parts: readonly StringPart[], c: Ctx): Doc {
  checkRaw(parts, "indented");
  const lines = splitLines(parts);
  return group(
    cat(
      text("''"),
      lines.length >= 2 ? line_ : empty,
      nest(
        sepBy(
          newline,
          lines.map((l) => prettyLine(l, c)),
        ),
      ),
      text("''"),
    ),
  );
}

export function prettyString(s: StringLit, c: Ctx): Doc {
  return s.style === "double" ? prettySimpleString(s.parts, c) : prettyIndentedString(s.parts, c);
}

/**
 * Rejects raw text that would end the literal early or start an interpolation, following Nix's
 * lexer: in `"..."` a `\` escapes one character and `$` followed by anything but `{` is literal
 * (`$$` consumes both, so `"$${x}"` is the text `$${x}`); in `''...''` the escapes are `''$`, `'''`
 * and `''\x`.
 */
export function checkRaw(parts: readonly StringPart[], style: "double" | "indented"): void {
  parts.forEach((p, index) => {
    if (p.type !== "text") return;
    const next = parts[index + 1];
    const problem = style === "double" ? doubleProblem(p.raw) : indentedProblem(p.raw);
    const fail = (why: string) => {
      throw new NixEmitError({
        path: "",
        message: `unsafe raw text in a ${style === "double" ? "double-quoted" : "indented"} string ${JSON.stringify(p.raw)}: ${why}`,
        hint: "build string literals with n.str or the escape functions, which escape it",
      });
    };
    if (problem) fail(problem);
    if (next?.type === "interpolation" && endsWithOpenDollar(p.raw, style))
      fail("a literal `$` right before an interpolation must be escaped");
    if (style === "indented" && index === parts.length - 1 && endsWithLoneQuote(p.raw))
      fail("a literal `'` right before the closing `''` must be escaped");
  });
}

function doubleProblem(raw: string): string | undefined {
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
  let lone = false;
  for (let i = 0; i < raw.length; i++) {
    lone = false;
    if (raw[i] === "'" && raw[i + 1] === "'") i += raw[i + 2] === "\\" ? 3 : 2;
    else if (raw[i] === "'") lone = true;
  }
  return lone;
}
