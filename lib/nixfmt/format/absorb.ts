/**
 * nixfmt's absorption rules (`Pretty.hs`): which terms and expressions may sit on the line of what
 * precedes them (`isAbsorbable`), and the right-hand side of a binding (`absorbRHS`).
 *
 * @module
 */
import {
  type Doc,
  cat,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  surroundWith,
  text,
} from "../doc.js";
import type { Expression, Leaf, Term } from "../tree.js";
import { firstToken, hasPreTrivia, hasTrivia, isLone, mapFirstToken } from "../tree.js";
import { P, R, T, prependTrivia, prettyLeaf, prettyTrivia, toLineComment } from "./base.js";
import { prettyTerm, prettyTermWide } from "./term.js";
import { canFlattenAttrs } from "./params.js";
import { prettyApp } from "./app.js";
import { UPDATE_CONCAT_PLUS, prettyOp } from "./op.js";
import { prettyExpr, prettyWith } from "./stmt.js";

export function isAbsorbableExpr(e: Expression): boolean {
  switch (e.k) {
    case "term":
      return isAbsorbable(e.term);
    case "with":
      return e.body.k === "term" && isAbsorbable(e.body.term);
    case "abstraction": {
      const p = e.param;
      if (p.k === "id") {
        if (e.body.k === "term") return isAbsorbable(e.body.term);
        if (e.body.k === "abstraction") return isAbsorbableExpr(e.body);
        return false;
      }
      if (
        p.k === "set" &&
        canFlattenAttrs(p.open, p.attrs, p.close) &&
        !hasPreTrivia(p.open) &&
        p.open.trail === null &&
        e.colon.line === firstToken(e.body).line
      )
        return isAbsorbableExpr(e.body);
      return false;
    }
    default:
      return false;
  }
}

export function isAbsorbable(t: Term): boolean {
  switch (t.k) {
    case "indentedString":
      return t.ann.value.length >= 2;
    case "path":
      return false;
    case "set":
    case "list":
      if (t.items.length > 0) return true;
      if (t.open.line !== t.close.line) return true;
      return hasTrivia(t.open);
    case "paren":
      if (!isLone(t.open) || t.expr.k !== "term") return false;
      return (
        firstToken(t.expr).pre.every((x) => x.k === "languageAnnotation") &&
        isAbsorbable(t.expr.term)
      );
    default:
      return false;
  }
}

export function absorbParen(open: Leaf, expr: Expression, close: Leaf): Doc {
  const moved = open.trail === null ? [] : [toLineComment(open.trail)];
  return group(
    nest(
      cat(
        prettyLeaf({ ...open, trail: null }),
        surroundWith(
          line_,
          group(
            nest(
              cat(
                prettyExpr(mapFirstToken(expr, (a) => prependTrivia(moved, a))),
                prettyTrivia(close.pre),
              ),
            ),
            R,
          ),
        ),
        prettyLeaf({ ...close, pre: [] }),
      ),
    ),
    P,
  );
}

export function absorbExpr(wide: boolean, e: Expression): Doc {
  if (e.k === "term" && isAbsorbable(e.term))
    return wide ? prettyTermWide(e.term) : prettyTerm(e.term);
  if (e.k === "with" && e.body.k === "term" && isAbsorbable(e.body.term))
    return prettyWith(true, e);
  return prettyExpr(e);
}

export function absorbRHS(e: Expression): Doc {
  if (
    e.k === "term" &&
    e.term.k === "set" &&
    e.term.items.length === 1 &&
    e.term.items[0]!.k === "item" &&
    e.term.items[0]!.value.k === "inherit"
  )
    return nest(cat(hardspace, group(absorbExpr(false, e))));
  if (isAbsorbableExpr(e)) return nest(cat(hardspace, group(absorbExpr(true, e))));
  if (e.k === "term") {
    const t = e.term;
    if (t.k === "paren") return nest(cat(hardspace, absorbParen(t.open, t.expr, t.close)));
    if (t.k === "simpleString" || t.k === "indentedString" || t.k === "path")
      return nest(cat(hardspace, group(prettyExpr(e))));
    return nest(group(cat(line, prettyExpr(e)), R));
  }
  if (e.k === "application") return nest(prettyApp(false, line, false, e.f, e.a));
  if (e.k === "with") return nest(group(cat(line, prettyExpr(e)), R));
  if (e.k === "operation" && UPDATE_CONCAT_PLUS.has(e.op.value.text)) {
    const l = e.l;
    if (l.k === "term" && isAbsorbable(l.term) && !hasPreTrivia(firstToken(l)))
      return cat(hardspace, prettyOp(true, e, e.op));
    if (isLone(e.op) && e.r.k === "term" && isAbsorbable(e.r.term))
      return nest(
        group(
          cat(
            line,
            prettyExpr(l),
            line,
            group(cat(text(e.op.value.text), hardspace, group(prettyTermWide(e.r.term), P)), T),
          ),
          R,
        ),
      );
  }
  return nest(cat(line, group(prettyExpr(e))));
}

export function absorbAbs(depth: number, e: Expression): Doc {
  if (e.k === "abstraction" && e.param.k === "id")
    return cat(
      hardspace,
      prettyLeaf(e.param.leaf),
      prettyLeaf(e.colon),
      absorbAbs(depth + 1, e.body),
    );
  if (isAbsorbableExpr(e)) return cat(hardspace, group(absorbExpr(false, e), P));
  return cat(depth <= 2 ? line : hardline, prettyExpr(e));
}
