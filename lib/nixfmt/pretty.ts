/**
 * nixfmt's printing rules (`Pretty.hs`), one function per construct, on the token-level tree:
 * the official formatter's layout, comment moves included, as a document for the layout engine
 * (`doc.ts`, `layout.ts` beside it, ports of nixfmt's `Predoc`).
 *
 * @module
 */
import {
  type Doc,
  GroupAnn,
  cat,
  catAll,
  comment,
  disableMarker,
  empty,
  emptyline,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  newline,
  offset,
  rawText,
  sepBy,
  softline,
  softline_,
  surroundWith,
  text,
  trailing,
  trailingComment,
  unexpandSpacing,
  verbatim,
} from "./doc.js";
import { type DocOwner, layoutTaking, textWidth } from "./layout.js";
import type {
  Ann,
  Binder,
  Expression,
  Item,
  Items,
  Leaf,
  ParamAttr,
  Parameter,
  Selector,
  SimpleSelector,
  StringLines,
  StringPart,
  Term,
  Trivia,
  Trivium,
  Whole,
} from "./tree.js";
import {
  firstToken,
  hasPreTrivia,
  hasTrivia,
  isLone,
  mapFirstToken,
  mapLastToken,
  sameToken,
  sym,
} from "./tree.js";

const T = GroupAnn.Transparent;
const P = GroupAnn.Priority;
const R = GroupAnn.Regular;

// ---------------------------------------------------------------------------------------------------
// Trivia
// ---------------------------------------------------------------------------------------------------

const toLineComment = (c: string): Trivium => ({ k: "lineComment", text: " " + c });

function moveTrailingCommentUp<V>(a: Ann<V>): Ann<V> {
  return a.trail === null ? a : { ...a, pre: [...a.pre, toLineComment(a.trail)], trail: null };
}

function prependTrivia<V>(extra: Trivia, a: Ann<V>): Ann<V> {
  return extra.length === 0 ? a : { ...a, pre: [...extra, ...a.pre] };
}

function prettyTrailing(c: string | null): Doc {
  return c === null ? empty : cat(hardspace, trailingComment("# " + c), hardline);
}

function prettyTrivium(t: Trivium): Doc {
  switch (t.k) {
    case "emptyLine":
      return emptyline;
    case "lineComment":
      return cat(comment("#" + t.text), hardline);
    case "languageAnnotation":
      return cat(comment("/* " + t.lang + " */"), hardspace);
    case "blockComment":
      return cat(
        comment(t.doc ? "/**" : "/*"),
        hardline,
        offset(2, catAll(t.lines.map((l) => (l === "" ? emptyline : cat(comment(l), hardline))))),
        comment("*/"),
        hardline,
      );
    case "directive": {
      const d = t.directive;
      switch (d.k) {
        // The region's raw text, directive lines included, comes with the closing directive.
        case "disable":
          return disableMarker;
        case "toEof":
          return verbatim(d.raw, true);
        case "enable":
          return d.raw === null
            ? cat(comment("/*nixfmt:enable*/"), hardline)
            : cat(verbatim(d.raw), hardline);
      }
    }
  }
}

export function prettyTrivia(ts: Trivia): Doc {
  if (ts.length === 0) return empty;
  if (ts.length === 1 && ts[0]!.k === "languageAnnotation") return prettyTrivium(ts[0]!);
  return cat(hardline, catAll(ts.map(prettyTrivium)));
}

function prettyAnn<V>(a: Ann<V>, value: Doc): Doc {
  // Most tokens have no trivia.
  if (a.pre.length === 0 && a.trail === null) return value;
  return cat(prettyTrivia(a.pre), value, prettyTrailing(a.trail));
}

function prettyLeaf(l: Leaf): Doc {
  return prettyAnn(l, text(l.value.text));
}

// ---------------------------------------------------------------------------------------------------
// Items, lists, sets, binders
// ---------------------------------------------------------------------------------------------------

function prettyItem<V>(it: Item<V>, p: (v: V) => Doc): Doc {
  return it.k === "comments" ? prettyTrivia(it.trivia) : group(p(it.value));
}

function renderItems<V>(separator: Doc, items: Items<V>, p: (v: V) => Doc): Doc {
  const out: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const next = items[i + 1];
    if (it.k === "comments" && next?.k === "item") {
      const last = it.trivia[it.trivia.length - 1];
      if (last?.k === "languageAnnotation") {
        out.push(
          prettyTrivia(it.trivia.slice(0, -1)),
          prettyTrivium(last),
          hardspace,
          group(p(next.value)),
        );
        i++;
        if (i + 1 < items.length) out.push(separator);
        continue;
      }
    }
    out.push(prettyItem(it, p));
    if (i + 1 < items.length) out.push(separator);
  }
  return catAll(out);
}

function hasOnlyComments<V>(items: Items<V>): boolean {
  return items.length > 0 && items.every((i) => i.k === "comments");
}

function itemValues<V>(items: Items<V>): V[] {
  const out: V[] = [];
  for (const i of items) if (i.k === "item") out.push(i.value);
  return out;
}

function renderList(itemSep: Doc, open: Leaf, items: Items<Term>, close: Leaf): Doc {
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

function prettySelector(s: Selector): Doc {
  return cat(s.dot ? prettyLeaf(s.dot) : empty, prettySimpleSelector(s.sel));
}

function isSimpleSelector(s: Selector): boolean {
  return s.sel.k === "id";
}

function prettyBinder(b: Binder): Doc {
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

// ---------------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------------

function prettyTermWide(t: Term): Doc {
  return t.k === "set" ? prettySet(true, t.rec, t.open, t.items, t.close) : prettyTerm(t);
}

/** A term without a group around it. */
function prettyTerm(t: Term): Doc {
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
function parenInner(expr: Expression): Doc {
  if (isAbsorbableExpr(expr)) return group(absorbExpr(false, expr));
  if (expr.k === "application") return prettyApp(true, empty, true, expr.f, expr.a);
  if (expr.k === "term" && expr.term.k === "selection")
    return isAbsorbable(expr.term.term)
      ? cat(line_, group(prettyExpr(expr)), line_)
      : cat(group(prettyExpr(expr)), line_);
  return cat(line_, group(prettyExpr(expr)), line_);
}

/** `instance Pretty Term`: lists get a group. */
function prettyTermP(t: Term): Doc {
  return t.k === "list" ? group(prettyTerm(t)) : prettyTerm(t);
}

// ---------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------

function prettyParamAttr(p: ParamAttr): Doc {
  if (p.k === "ellipsis") return prettyLeaf(p.leaf);
  const comma = p.comma ? prettyLeaf(p.comma) : empty;
  if (p.def === null) return cat(prettyLeaf(p.name), comma);
  return group(
    cat(
      prettyLeaf(p.name),
      hardspace,
      nest(cat(prettyLeaf(p.def.q), absorbRHS(p.def.expr))),
      comma,
    ),
  );
}

function moveParamAttrComment(p: ParamAttr): ParamAttr {
  if (p.k !== "attr" || p.comma === null || !isLone(p.comma)) return p;
  if (p.def === null) {
    if (p.name.trail === null) return p;
    return { ...p, name: { ...p.name, trail: null }, comma: { ...p.comma, trail: p.name.trail } };
  }
  let c: string | null = null;
  const expr = mapLastToken(p.def.expr, (a) => {
    if (a.trail === null) return a;
    c = a.trail;
    return { ...a, trail: null };
  });
  return { ...p, def: { ...p.def, expr }, comma: { ...p.comma, trail: c } };
}

const containsDirective = (ts: Trivia) => ts.some((t) => t.k === "directive");

function moveParamsComments(attrs: readonly ParamAttr[]): ParamAttr[] {
  const out: ParamAttr[] = [];
  let xs = [...attrs];
  while (xs.length > 0) {
    const x = xs[0]!;
    const y = xs[1];
    if (
      x.k === "attr" &&
      x.comma !== null &&
      x.comma.trail === null &&
      y !== undefined &&
      !containsDirective(x.comma.pre)
    ) {
      const trivia = x.comma.pre;
      if (y.k === "attr") {
        out.push({ ...x, comma: { ...x.comma, pre: [] } });
        xs = [{ ...y, name: { ...y.name, pre: [...trivia, ...y.name.pre] } }, ...xs.slice(2)];
        continue;
      }
      if (xs.length === 2) {
        out.push({ ...x, comma: { ...x.comma, pre: [] } });
        out.push({ ...y, leaf: { ...y.leaf, pre: [...trivia, ...y.leaf.pre] } });
        return out;
      }
    }
    if (xs.length === 1 && x.k === "attr" && x.comma === null) {
      out.push({ ...x, comma: sym(",", x.name.line) });
      return out;
    }
    out.push(x);
    xs = xs.slice(1);
  }
  return out;
}

function canFlattenAttrs(open: Leaf, attrs: readonly ParamAttr[], close: Leaf): boolean {
  if (open.line !== close.line) return false;
  if (hasTrivia(close)) return false;
  const paramHasTrivia = (p: ParamAttr) =>
    p.k === "attr"
      ? hasTrivia(p.name) || (p.comma !== null && hasTrivia(p.comma))
      : hasTrivia(p.leaf);
  if (attrs.some(paramHasTrivia)) return false;
  const plain = (p: ParamAttr | undefined) => p?.k === "attr" && p.def === null;
  const dots = (p: ParamAttr | undefined) => p?.k === "ellipsis";
  const [a, b, c] = attrs;
  switch (attrs.length) {
    case 0:
      return true;
    case 1:
      return dots(a) || plain(a);
    case 2:
      return plain(a) && (dots(b) || plain(b));
    case 3:
      return plain(a) && plain(b) && dots(c);
    default:
      return false;
  }
}

function prettyParam(p: Parameter): Doc {
  switch (p.k) {
    case "id":
      return prettyLeaf(p.leaf);
    case "context":
      return cat(prettyParam(p.first), prettyLeaf(p.at), prettyParam(p.second));
    case "set": {
      if (p.attrs.length === 0)
        return group(
          cat(
            prettyLeaf(moveTrailingCommentUp(p.open)),
            p.open.line !== p.close.line ? hardline : hardspace,
            prettyLeaf(p.close),
          ),
        );
      const sep = canFlattenAttrs(p.open, p.attrs, p.close) ? line : hardline;
      const attrs = moveParamsComments(p.attrs).map(moveParamAttrComment);
      const docs = attrs.map((a, i) => {
        if (i === attrs.length - 1 && a.k === "attr" && a.comma !== null && isLone(a.comma))
          return cat(prettyParamAttr({ ...a, comma: null }), trailing(","));
        return prettyParamAttr(a);
      });
      return group(
        cat(
          prettyLeaf(moveTrailingCommentUp(p.open)),
          surroundWith(sep, nest(sepBy(sep, docs))),
          nest(prettyTrivia(p.close.pre)),
          prettyLeaf({ ...p.close, pre: [] }),
        ),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Applications and operations
// ---------------------------------------------------------------------------------------------------

function isList(e: Expression): e is Expression & { k: "term"; term: Term & { k: "list" } } {
  return e.k === "term" && e.term.k === "list";
}

function prettyApp(
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

const UPDATE_CONCAT_PLUS = new Set(["//", "++", "+"]);
const NON_CHAINING = new Set(["<", ">", "<=", ">=", "==", "!="]);

function prettyOp(forceFirstTermWide: boolean, operation: Expression, op: Leaf): Doc {
  // The operands of a chain of `op`, each with the operator before it (an explicit stack: chains
  // of thousands of terms are common in generated code).
  const flat: Array<[Leaf | null, Expression]> = [];
  const stack: Array<[Leaf | null, Expression]> = [[null, operation]];
  while (stack.length > 0) {
    const [opL, x] = stack.pop()!;
    if (x.k === "operation" && sameToken(x.op, op)) {
      stack.push([x.op, x.r], [opL, x.l]);
    } else flat.push([opL, x]);
  }
  const isPipe = op.value.text === "|>" || op.value.text === "<|";
  const sep = isPipe && flat.length > 3 ? hardline : line;

  const absorbOperation = (x: Expression): Doc => {
    if (x.k === "term" && isAbsorbable(x.term)) return cat(hardspace, prettyTermP(x.term));
    if (x.k === "operation") return group(cat(line, prettyExpr(x)), R);
    if (x.k === "application")
      return group(cat(hardspace, prettyApp(false, line, false, x.f, x.a)));
    return cat(hardspace, prettyExpr(x));
  };

  return group(
    catAll(
      flat.map(([o, e]) => {
        if (o === null) {
          if (e.k === "term" && isAbsorbable(e.term) && forceFirstTermWide)
            return prettyTermWide(e.term);
          return prettyExpr(e);
        }
        return cat(sep, prettyLeaf(moveTrailingCommentUp(o)), nest(absorbOperation(e)));
      }),
    ),
    R,
  );
}

function prettyWith(absorb: boolean, e: Expression & { k: "with" }): Doc {
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

// ---------------------------------------------------------------------------------------------------
// Absorption
// ---------------------------------------------------------------------------------------------------

function isAbsorbableExpr(e: Expression): boolean {
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

function isAbsorbable(t: Term): boolean {
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

function absorbParen(open: Leaf, expr: Expression, close: Leaf): Doc {
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

function absorbExpr(wide: boolean, e: Expression): Doc {
  if (e.k === "term" && isAbsorbable(e.term))
    return wide ? prettyTermWide(e.term) : prettyTerm(e.term);
  if (e.k === "with" && e.body.k === "term" && isAbsorbable(e.body.term))
    return prettyWith(true, e);
  return prettyExpr(e);
}

function absorbRHS(e: Expression): Doc {
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

// ---------------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------------

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

function absorbAbs(depth: number, e: Expression): Doc {
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

/** Lays out a token-level tree (leading blank lines of the file dropped, as nixfmt does). */
export function layoutWhole(w: Whole<Expression>, width: number, indent: number): string {
  return layoutWholeTaking({ tree: w }, width, indent);
}

/** A tree handed over to the layout, which lets it go once its document is made. */
export interface TreeOwner {
  tree: Whole<Expression> | null;
  /** Known to hold no `nixfmt:disable` region (the source has none): saves a walk looking. */
  readonly noDisabledRegions?: boolean;
}

/**
 * `layoutWhole` of the tree in `owner`, which it empties. Each stage (tree, document, resolved and
 * fixed documents) is released once the next is made; the stages run in functions of their own so
 * that no caller's frame keeps one alive.
 */
export function layoutWholeTaking(owner: TreeOwner, width: number, indent: number): string {
  const docOwner: DocOwner = { doc: null, noDisabledRegions: owner.noDisabledRegions === true };
  documentInto(docOwner, owner);
  return layoutTaking(docOwner, width, indent);
}

function documentInto(docOwner: DocOwner, owner: TreeOwner): void {
  const w = owner.tree!;
  owner.tree = null;
  const value = mapFirstToken(w.value, (a) => {
    let i = 0;
    while (a.pre[i]?.k === "emptyLine") i++;
    return i === 0 ? a : { ...a, pre: a.pre.slice(i) };
  });
  docOwner.doc = prettyWhole({ value, trivia: w.trivia });
}

// ---------------------------------------------------------------------------------------------------
// Simple terms and strings
// ---------------------------------------------------------------------------------------------------

function isSimple(e: Expression): boolean {
  switch (e.k) {
    case "term": {
      const t = e.term;
      switch (t.k) {
        case "simpleString":
        case "indentedString":
        case "path":
          return isLone(t.ann);
        case "token":
          return isLone(t.leaf) && t.leaf.value.kind !== "sym";
        case "selection":
          return (
            isSimple({ k: "term", term: t.term }) &&
            t.sels.every(isSimpleSelector) &&
            t.def === null
          );
        case "paren":
          return isLone(t.open) && isLone(t.close) && isSimple(t.expr);
        default:
          return false;
      }
    }
    case "application":
      if (e.f.k === "application" && e.f.f.k === "application") return false;
      return isSimple(e.f) && isSimple(e.a);
    default:
      return false;
  }
}

function prettyStringPart(p: StringPart): Doc {
  if (p.k === "text") return text(p.text);
  const w = p.whole;
  if (w.trivia.length === 0) {
    if (w.value.k === "term" && isAbsorbable(w.value.term))
      return group(cat(text("${"), prettyTerm(w.value.term), text("}")));
    if (isSimple(w.value)) {
      const d = prettyExpr(w.value);
      return cat(text("${"), unexpandSpacing(d) ?? d, text("}"));
    }
  }
  const whole = prettyWhole(w);
  const inner = unexpandSpacing(whole, 30) ?? surroundWith(line_, nest(whole));
  return group(cat(text("${"), inner, text("}")));
}

const isSpaces = (t: string) => /^ *$/.test(t);

function prettyParts(parts: readonly StringPart[]): Doc {
  if (parts.length === 1 && parts[0]!.k === "interpolation" && parts[0]!.whole.trivia.length === 0)
    return prettyParts([{ k: "text", text: "" }, parts[0]!]);
  if (parts.length === 2) {
    const [a, b] = parts;
    if (
      a!.k === "text" &&
      b!.k === "interpolation" &&
      b!.whole.trivia.length === 0 &&
      isSpaces(a!.text)
    )
      return cat(
        text(a!.text),
        offset(
          textWidth(a!.text),
          group(cat(text("${"), nest(parenInner(b!.whole.value)), text("}"))),
        ),
      );
  }
  if (parts.length === 1 && parts[0]!.k === "interpolation")
    return group(
      cat(text("${"), surroundWith(line_, nest(prettyWhole(parts[0]!.whole))), text("}")),
    );
  const first = parts[0];
  if (first?.k === "text") {
    const indentation = textWidth(/^\s*/u.exec(first.text)![0]);
    return cat(text(first.text), offset(indentation, catAll(parts.slice(1).map(prettyStringPart))));
  }
  return catAll(parts.map(prettyStringPart));
}

function prettySimpleString(lines: StringLines): Doc {
  return group(cat(text('"'), sepBy(text("\n"), lines.map(prettyParts)), text('"')));
}

/**
 * An indented string. When a disabled region cuts through it (`cut` holds the stripped
 * indentation), every line keeps its original columns; interpolated code is still formatted.
 */
function prettyIndentedString(cut: string | null, lines: StringLines): Doc {
  const rawLine = (ind: string, l: readonly StringPart[]): Doc => {
    if (l.length === 0) return empty;
    const h = l[0]!;
    if (h.k !== "text") return cat(rawText(ind), prettyParts(l));
    const ws = /^\s*/u.exec(h.text)![0];
    const content = h.text.slice(ws.length);
    return cat(
      rawText(ind + ws),
      offset(textWidth(ws), prettyParts([{ k: "text", text: content }, ...l.slice(1)])),
    );
  };
  const prettyLine = cut === null ? prettyParts : (l: readonly StringPart[]) => rawLine(cut, l);
  return group(
    cat(
      text("''"),
      lines.length >= 2 ? line_ : empty,
      nest(sepBy(newline, lines.map(prettyLine))),
      text("''"),
    ),
  );
}
