/**
 * nixfmt's rules (`Pretty.hs`) for function application (`prettyApp`): the function and its
 * arguments, the last one absorbed where it can be.
 *
 * @module
 */
import {
  type Doc,
  cat,
  empty,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  text,
  unexpandSpacing,
} from "../doc.js";
import type { Expression, Term, Trivium } from "../tree.js";
import { hasTrivia, mapFirstToken } from "../tree.js";
import { P, R, T, itemValues, moveTrailingCommentUp, prettyLeaf, prettyTrivia } from "./base.js";
import { prettyTerm, prettyTermWide, renderList } from "./term.js";
import { prettyExpr } from "./stmt.js";
import { absorbParen, isAbsorbable } from "./absorb.js";
import { isSimple } from "./string.js";

function isList(e: Expression): e is Expression & { k: "term"; term: Term & { k: "list" } } {
  return e.k === "term" && e.term.k === "list";
}

export function prettyApp(
  indentFunction: boolean,
  pre: Doc,
  hasPost: boolean,
  f: Expression,
  a: Expression,
): Doc {
  // Comments before the function move out, so they do not force the call to expand; language
  // annotations stay on their token.
  let hoisted: Trivium[] = [];
  const fWithoutComment = mapFirstToken(f, (t) => {
    // A token without comments (most) stays as it is.
    if (t.pre.length === 0 && t.trail === null) return t;
    const m = moveTrailingCommentUp(t);
    hoisted = m.pre.filter((x) => x.k !== "languageAnnotation");
    return { ...m, pre: m.pre.filter((x) => x.k === "languageAnnotation") };
  });
  const commentDoc = prettyTrivia(hoisted);

  const absorbInner = (e: Expression): Doc => {
    if (isList(e)) {
      const t = e.term;
      if (t.items.length <= 6 && itemValues(t.items).every((i) => isSimple({ k: "term", term: i })))
        return renderList(line, t.open, t.items, t.close);
    }
    return prettyExpr(e);
  };

  const absorbApp = (e: Expression): Doc => {
    if (e.k === "application") {
      if (e.a.k === "term" && e.a.term.k === "selection")
        return cat(group(absorbApp(e.f), T), line, nest(group(absorbInner(e.a), R)));
      if (isList(e.a) && e.f.k === "application" && isList(e.f.a))
        return group(
          cat(
            group(absorbApp(e.f.f), T),
            nest(group(cat(line, group(absorbInner(e.f.a)), line, group(absorbInner(e.a))), R)),
          ),
          T,
        );
      return cat(group(absorbApp(e.f), T), line, nest(group(absorbInner(e.a), P)));
    }
    if (indentFunction && hoisted.length === 0) return nest(group(cat(line_, prettyExpr(e)), R));
    return prettyExpr(e);
  };

  const absorbLast = (arg: Expression): Doc => {
    if (arg.k === "term") {
      const t = arg.term;
      if (isAbsorbable(t)) return group(nest(prettyTerm(t)), P);
      if (t.k === "paren") {
        const inner = t.expr;
        if (
          inner.k === "abstraction" &&
          inner.param.k === "id" &&
          inner.body.k === "term" &&
          isAbsorbable(inner.body.term) &&
          !hasTrivia(t.open) &&
          !hasTrivia(inner.param.leaf) &&
          !hasTrivia(inner.colon)
        )
          return group(
            nest(
              cat(
                prettyLeaf(t.open),
                prettyLeaf(inner.param.leaf),
                prettyLeaf(inner.colon),
                hardspace,
                prettyTermWide(inner.body.term),
                prettyLeaf(t.close),
              ),
            ),
            P,
          );
        if (
          inner.k === "application" &&
          inner.f.k === "term" &&
          inner.f.term.k === "token" &&
          inner.f.term.leaf.value.kind === "ident" &&
          inner.a.k === "term" &&
          isAbsorbable(inner.a.term) &&
          !hasTrivia(t.open) &&
          !hasTrivia(inner.f.term.leaf) &&
          !hasTrivia(t.close)
        )
          return group(
            nest(
              cat(
                prettyLeaf(t.open),
                text(inner.f.term.leaf.value.text),
                hardspace,
                prettyTermWide(inner.a.term),
                prettyLeaf(t.close),
              ),
            ),
            P,
          );
        return absorbParen(t.open, t.expr, t.close);
      }
    }
    return group(nest(prettyExpr(arg)), R);
  };

  const post = hasPost ? line_ : empty;
  let body: Doc;
  if (fWithoutComment.k === "application" && isList(fWithoutComment.a) && isList(a)) {
    body = group(
      cat(
        pre,
        group(absorbApp(fWithoutComment.f), T),
        line,
        nest(group(absorbInner(fWithoutComment.a))),
        line,
        nest(group(absorbInner(a))),
        post,
      ),
      R,
    );
  } else {
    const renderedF = cat(pre, group(absorbApp(fWithoutComment), T));
    const unexpanded = isSimple({ k: "application", f, a })
      ? unexpandSpacing(renderedF)
      : undefined;
    body =
      unexpanded !== undefined
        ? group(cat(unexpanded, hardspace, absorbLast(a)), R)
        : group(cat(renderedF, line, absorbLast(a), post), R);
  }
  return cat(commentDoc, body, hasPost && hoisted.length > 0 ? hardline : empty);
}
