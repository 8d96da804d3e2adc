/**
 * nixfmt's rules (`Pretty.hs`) for terms: tokens, strings, paths, selections, lists, sets, their
 * bindings and parentheses.
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
  sepBy,
  softline,
  softline_,
  surroundWith,
} from "../doc.js";
import type { Binder, Expression, Items, Leaf, Selector, SimpleSelector, Term } from "../tree.js";
import { hasTrivia, isLone } from "../tree.js";
import {
  P,
  R,
  hasOnlyComments,
  moveTrailingCommentUp,
  prettyAnn,
  prettyLeaf,
  prettyTrailing,
  prettyTrivia,
  renderItems,
} from "./base.js";
import { prettyApp } from "./app.js";
import { prettyExpr } from "./stmt.js";
import { absorbExpr, absorbRHS, isAbsorbable, isAbsorbableExpr } from "./absorb.js";
import {
  prettyIndentedString,
  prettyParts,
  prettySimpleString,
  prettyStringPart,
} from "./string.js";

export function renderList(itemSep: Doc, open: Leaf, items: Items<Term>, close: Leaf): Doc {
  let sur: Doc;
  if (open.line !== close.line) sur = hardline;
  else if (hasOnlyComments(items)) sur = hardline;
  else if (hasTrivia(open) && items.length === 0) sur = hardline;
  else if (items.length === 0) sur = hardspace;
  else sur = line;
  return cat(
    prettyLeaf({ ...open, trail: null }),
    surroundWith(
      sur,
      nest(cat(prettyTrailing(open.trail), renderItems(itemSep, items, prettyTermP))),
    ),
    prettyLeaf(close),
  );
}

function prettySimpleSelector(s: SimpleSelector): Doc {
  switch (s.k) {
    case "id":
      return prettyLeaf(s.leaf);
    case "interpolation":
      return prettyAnn(s.ann, prettyStringPart(s.ann.value));
    case "string":
      return prettyAnn(s.ann, prettySimpleString(s.ann.value));
  }
}

export function prettySelector(s: Selector): Doc {
  return cat(s.dot ? prettyLeaf(s.dot) : empty, prettySimpleSelector(s.sel));
}

export function isSimpleSelector(s: Selector): boolean {
  return s.sel.k === "id";
}

export function prettyBinder(b: Binder): Doc {
  if (b.k === "inherit") {
    const oneLine = b.inherit.line === b.semi.line && b.sels.length < 4;
    const sep = oneLine ? line : hardline;
    const nosep = oneLine ? line_ : hardline;
    const ids = sepBy(sep, b.sels.map(prettySimpleSelector));
    if (b.from === null)
      return group(cat(prettyLeaf(b.inherit), sep, nest(cat(ids, nosep, prettyLeaf(b.semi)))));
    return group(
      cat(
        prettyLeaf(b.inherit),
        nest(cat(group(cat(line, prettyTermP(b.from)), R), sep, ids, nosep, prettyLeaf(b.semi))),
      ),
    );
  }
  const rhs =
    b.sels.length <= 4 && b.sels.every(isSimpleSelector)
      ? absorbRHS(b.expr)
      : cat(line_, group(absorbRHS(b.expr), P));
  return group(
    cat(
      catAll(b.sels.map(prettySelector)),
      nest(cat(hardspace, prettyLeaf(b.eq), rhs)),
      prettyLeaf(b.semi),
    ),
  );
}

function prettySet(
  wide: boolean,
  rec: Leaf | null,
  open: Leaf,
  items: Items<Binder>,
  close: Leaf,
): Doc {
  const recDoc = rec ? cat(prettyLeaf(rec), hardspace) : empty;
  if (isLone(open) && items.length === 0 && close.pre.length === 0)
    return cat(
      recDoc,
      prettyLeaf(open),
      open.line !== close.line ? hardline : hardspace,
      prettyLeaf(close),
    );
  const sep = (wide && items.length > 0) || open.line !== close.line ? hardline : line;
  return cat(
    recDoc,
    prettyLeaf({ ...open, trail: null }),
    surroundWith(
      sep,
      nest(cat(prettyTrailing(open.trail), renderItems(hardline, items, prettyBinder))),
    ),
    prettyLeaf(close),
  );
}

export function prettyTermWide(t: Term): Doc {
  return t.k === "set" ? prettySet(true, t.rec, t.open, t.items, t.close) : prettyTerm(t);
}

/** A term without a group around it. */
export function prettyTerm(t: Term): Doc {
  switch (t.k) {
    case "token":
      return prettyLeaf(t.leaf);
    case "simpleString":
      return prettyAnn(t.ann, prettySimpleString(t.ann.value));
    case "indentedString":
      return prettyAnn(t.ann, prettyIndentedString(t.cut, t.ann.value));
    case "path":
      return prettyAnn(t.ann, prettyParts(t.ann.value));
    case "selection": {
      let sep: Doc;
      const b = t.term;
      if (b.k === "token")
        sep = b.leaf.value.kind === "int" || b.leaf.value.kind === "float" ? hardspace : empty;
      else if (b.k === "paren") sep = softline_;
      else sep = line_;
      return cat(
        prettyTermP(b),
        sep,
        catAll(t.sels.map(prettySelector)),
        t.def
          ? cat(softline, nest(cat(prettyLeaf(t.def.or), hardspace, prettyTermP(t.def.term))))
          : empty,
      );
    }
    case "list":
      if (t.open.trail === null && t.items.length === 0 && t.close.pre.length === 0)
        return cat(
          prettyLeaf(t.open),
          t.open.line !== t.close.line ? hardline : hardspace,
          prettyLeaf(t.close),
        );
      return renderList(hardline, t.open, t.items, t.close);
    case "set":
      return prettySet(false, t.rec, t.open, t.items, t.close);
    case "paren":
      return group(
        cat(
          prettyLeaf(moveTrailingCommentUp(t.open)),
          nest(cat(parenInner(t.expr), prettyTrivia(t.close.pre))),
          prettyLeaf({ ...t.close, pre: [] }),
        ),
      );
  }
}

/** The inside of parentheses (and of a lone interpolation on a string line). */
export function parenInner(expr: Expression): Doc {
  if (isAbsorbableExpr(expr)) return group(absorbExpr(false, expr));
  if (expr.k === "application") return prettyApp(true, empty, true, expr.f, expr.a);
  if (expr.k === "term" && expr.term.k === "selection")
    return isAbsorbable(expr.term.term)
      ? cat(line_, group(prettyExpr(expr)), line_)
      : cat(group(prettyExpr(expr)), line_);
  return cat(line_, group(prettyExpr(expr)), line_);
}

/** `instance Pretty Term`: lists get a group. */
export function prettyTermP(t: Term): Doc {
  return t.k === "list" ? group(prettyTerm(t)) : prettyTerm(t);
}
