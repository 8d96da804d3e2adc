/**
 * nixfmt's rules (`Pretty.hs`) for expressions (`prettyExpr`): `with`, `let`, `assert`, `if`,
 * functions, applications, operations, `?`, `-` and `!`.
 *
 * @module
 */
import {
  type Doc,
  cat,
  catAll,
  empty,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  softline,
  surroundWith,
  text,
} from "../doc.js";
import type { Expression, Trivium, Whole } from "../tree.js";
import { firstToken, mapFirstToken } from "../tree.js";
import {
  P,
  R,
  moveTrailingCommentUp,
  prependTrivia,
  prettyLeaf,
  prettyTrivia,
  renderItems,
  toLineComment,
} from "./base.js";
import { prettyBinder, prettySelector, prettyTermP, prettyTermWide } from "./term.js";
import { canFlattenAttrs, prettyParam } from "./params.js";
import { prettyApp } from "./app.js";
import { NON_CHAINING, prettyOp } from "./op.js";
import { absorbAbs, isAbsorbable, isAbsorbableExpr } from "./absorb.js";

export function prettyWith(absorb: boolean, e: Expression & { k: "with" }): Doc {
  if (absorb && e.body.k === "term")
    return group(
      cat(
        line_,
        prettyLeaf(e.with),
        hardspace,
        nest(group(prettyExpr(e.env))),
        prettyLeaf(e.semi),
        hardspace,
        group(prettyTermWide(e.body.term), P),
      ),
      R,
    );
  return cat(
    group(cat(prettyLeaf(e.with), hardspace, nest(group(prettyExpr(e.env))), prettyLeaf(e.semi))),
    line,
    prettyExpr(e.body),
  );
}

function insertIntoApp(insert: Expression, e: Expression): [Expression, Expression] {
  if (e.k !== "application") return [insert, e];
  const [f, a] = insertIntoApp(insert, e.f);
  return [{ k: "application", f, a }, e.a];
}

function prettyIf(sep: Doc, e: Expression): Doc {
  if (e.k !== "if") return cat(line, nest(group(prettyExpr(e))));
  return cat(
    group(cat(prettyLeaf(e.if), line, nest(prettyExpr(e.cond)), line, prettyLeaf(e.then))),
    surroundWith(sep, nest(group(prettyExpr(e.a)))),
    prettyLeaf(moveTrailingCommentUp(e.else)),
    hardspace,
    prettyIf(hardline, e.b),
  );
}

export function prettyExpr(e: Expression): Doc {
  switch (e.k) {
    case "term":
      return prettyTermP(e.term);
    case "with":
      return prettyWith(false, e);
    case "let": {
      const moved: Trivium[] = [...e.in.pre];
      if (e.in.trail !== null) moved.push(toLineComment(e.in.trail));
      const body = mapFirstToken(e.body, (a) => prependTrivia(moved, a));
      const letPart = group(
        cat(prettyLeaf(e.let), hardline, nest(renderItems(hardline, e.items, prettyBinder))),
      );
      const inPart = group(cat(text(e.in.value.text), hardline, prettyExpr(body)));
      return cat(letPart, hardline, inPart);
    }
    case "assert": {
      const [f, a] = insertIntoApp({ k: "term", term: { k: "token", leaf: e.assert } }, e.cond);
      return group(
        cat(prettyApp(false, empty, false, f, a), prettyLeaf(e.semi), hardline, prettyExpr(e.body)),
      );
    }
    case "if":
      return group(prettyIf(line, mapFirstToken(e, moveTrailingCommentUp)), R);
    case "abstraction": {
      const p = e.param;
      if (p.k === "id")
        return group(cat(line_, prettyLeaf(p.leaf), prettyLeaf(e.colon), absorbAbs(1, e.body)), R);
      if (p.k === "set") {
        const sameLine = e.colon.line === firstToken(e.body).line;
        if (canFlattenAttrs(p.open, p.attrs, p.close) && sameLine && isAbsorbableExpr(e.body))
          return cat(prettyParam(p), prettyLeaf(e.colon), hardspace, group(prettyExpr(e.body), P));
        if (!sameLine)
          return cat(prettyParam(p), prettyLeaf(e.colon), hardline, prettyExpr(e.body));
      }
      if (e.body.k === "term" && isAbsorbable(e.body.term))
        return cat(prettyParam(p), prettyLeaf(e.colon), line, group(prettyTermWide(e.body.term)));
      return cat(prettyParam(p), prettyLeaf(e.colon), line, prettyExpr(e.body));
    }
    case "application":
      return prettyApp(false, empty, false, e.f, e.a);
    case "operation":
      if (NON_CHAINING.has(e.op.value.text))
        return cat(prettyExpr(e.l), softline, prettyLeaf(e.op), hardspace, prettyExpr(e.r));
      return prettyOp(false, e, e.op);
    case "memberCheck":
      return cat(
        prettyExpr(e.expr),
        softline,
        prettyLeaf(e.q),
        hardspace,
        catAll(e.sels.map(prettySelector)),
      );
    case "negation":
      return cat(prettyLeaf(e.minus), prettyExpr(e.expr));
    case "inversion":
      return cat(prettyLeaf(e.bang), prettyExpr(e.expr));
  }
}

export function prettyWhole(w: Whole<Expression>): Doc {
  return group(cat(prettyExpr(w.value), prettyTrivia(w.trivia)));
}
