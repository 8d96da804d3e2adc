/**
 * Classification rules of the official format: which terms are "absorbable" (may start on the line
 * of what precedes them and expand below it), which expressions are "simple" (short enough to keep
 * on one line regardless), and when a formal set may stay on one line.
 */
import type { Expr, SetParam, StringLit } from "../../ast/nodes.js";
import { hasComments } from "./comments.js";
import { type Ctx, hint } from "./context.js";

/** Terms in nixfmt's grammar: what may be a list item, an argument or selected from. */
export type Term = Extract<
  Expr,
  {
    type:
      | "int"
      | "float"
      | "string"
      | "path"
      | "searchPath"
      | "ident"
      | "attrs"
      | "list"
      | "select"
      | "paren";
  }
>;

const TERM_TYPES: ReadonlySet<Expr["type"]> = new Set([
  "int",
  "float",
  "string",
  "path",
  "searchPath",
  "ident",
  "attrs",
  "list",
  "select",
  "paren",
]);

export function isTerm(e: Expr): e is Term {
  return TERM_TYPES.has(e.type);
}

/** Number of source lines of a string. */
export function stringLineCount(s: StringLit): number {
  let lines = 1;
  for (const p of s.parts) if (p.type === "text") for (const ch of p.raw) if (ch === "\n") lines++;
  return lines;
}

function onlyEndComments(items: readonly unknown[], end: readonly unknown[] | undefined): boolean {
  return items.length === 0 && (end?.length ?? 0) > 0;
}

export function isAbsorbable(e: Expr, c: Ctx): boolean {
  switch (e.type) {
    case "string":
      return e.style === "indented" && stringLineCount(e) >= 2;
    case "attrs":
      return (
        e.bindings.length > 0 || hint(c, e.multiline) || onlyEndComments(e.bindings, e.endComments)
      );
    case "list":
      return e.items.length > 0 || hint(c, e.multiline) || onlyEndComments(e.items, e.endComments);
    case "paren":
      return !hasComments(e) && isTerm(e.expr) && !hasComments(e.expr) && isAbsorbable(e.expr, c);
    default:
      return false;
  }
}

/** nixfmt's `isAbsorbable` on a term position: false for non-terms. */
export function isAbsorbableTerm(e: Expr, c: Ctx): boolean {
  return isTerm(e) && isAbsorbable(e, c);
}

export function canFlattenParams(p: SetParam, c: Ctx): boolean {
  if (hint(c, p.multiline)) return false;
  if ((p.endComments?.length ?? 0) > 0) return false;
  if (p.formals.some((f) => hasComments(f))) return false;
  if (p.formals.some((f) => f.default !== undefined)) return false;
  return p.formals.length <= 2;
}

export function isAbsorbableExpr(e: Expr, c: Ctx): boolean {
  if (isAbsorbableTerm(e, c)) return true;
  switch (e.type) {
    case "with":
      return isAbsorbableTerm(e.body, c);
    case "lambda":
      if (e.param.type === "identParam") {
        if (e.body.type === "lambda") return isAbsorbableExpr(e.body, c);
        return isAbsorbableTerm(e.body, c);
      }
      if (e.param.bind) return false;
      return (
        canFlattenParams(e.param, c) && !hint(c, e.bodyOnNewLine) && isAbsorbableExpr(e.body, c)
      );
    default:
      return false;
  }
}

export function isSimple(e: Expr): boolean {
  if (hasComments(e)) return false;
  switch (e.type) {
    case "string":
    case "path":
    case "ident":
    case "int":
    case "float":
    case "searchPath":
      return true;
    case "select":
      return (
        isSimple(e.expr) && e.path.every((p) => p.type === "ident") && e.orDefault === undefined
      );
    case "paren":
      return isSimple(e.expr);
    case "apply":
      if (e.fn.type === "apply" && e.fn.fn.type === "apply") return false;
      return isSimple(e.fn) && isSimple(e.arg);
    default:
      return false;
  }
}
