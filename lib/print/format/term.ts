/**
 * Terms: literals, identifiers, lists, attribute sets, selections and parentheses (nixfmt's
 * `prettyTerm`, `prettySet`, `renderList`).
 */
import type { AttrName, AttrSet, Expr, List, Paren, Select } from "../../ast/nodes.js";
import { assertNever } from "../../ast/nodes.js";
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
  sepBy,
  softline,
  softline_,
  surroundWith,
  text,
} from "../doc.js";
import { type Term, isAbsorbableExpr, isAbsorbableTerm } from "./absorb.js";
import { prettyApp } from "./app.js";
import { prettyBinding } from "./binding.js";
import { triviaDoc, withComments } from "./comments.js";
import { type Ctx, hint } from "./context.js";
import { absorbExpr, prettyExpr } from "./expr.js";
import { isIdentifier, quoteAttrName } from "./names.js";
import { prettyLine, prettySimpleString, prettyString } from "./string.js";

/** A term with its comments, not wrapped in a group. */
export function prettyTerm(e: Expr, c: Ctx): Doc {
  return withComments(e.comments, prettyTermCore(e as Term, c, false));
}

/** Like `prettyTerm`, but attribute sets always expand (right-hand sides of bindings). */
export function prettyTermWide(e: Expr, c: Ctx): Doc {
  return withComments(e.comments, prettyTermCore(e as Term, c, true));
}

/** nixfmt's `Pretty Term`: lists are grouped, everything else as `prettyTerm`. */
export function prettyTermGrouped(e: Expr, c: Ctx): Doc {
  return e.type === "list" ? group(prettyTerm(e, c)) : prettyTerm(e, c);
}

function prettyTermCore(e: Term, c: Ctx, wide: boolean): Doc {
  switch (e.type) {
    case "int":
      return text(e.value.toString());
    case "float":
      return text(e.text);
    case "ident":
      return text(e.name);
    case "searchPath":
      return text(`<${e.path}>`);
    case "string":
      return prettyString(e, c);
    case "path":
      return prettyLine([...e.parts], c);
    case "attrs":
      return prettySet(wide, e, c);
    case "list":
      return prettyList(e, c);
    case "select":
      return prettySelect(e, c);
    case "paren":
      return prettyParen(e, c);
    default:
      return assertNever(e);
  }
}

/** An attribute name: identifier, quoted string or `${interpolation}`. */
export function prettyAttrName(name: AttrName, c: Ctx): Doc {
  switch (name.type) {
    case "ident":
      return isIdentifier(name.name) || name.name === "or"
        ? text(name.name)
        : text(quoteAttrName(name.name));
    case "string":
      return prettySimpleString(name.parts, c);
    case "interpolation":
      return prettyLine([name], c);
    default:
      return assertNever(name);
  }
}

export function prettyAttrPath(path: readonly AttrName[], c: Ctx): Doc {
  return sepBy(
    text("."),
    path.map((p) => prettyAttrName(p, c)),
  );
}

function prettySelect(e: Select, c: Ctx): Doc {
  const base = e.expr;
  const sep =
    base.type === "ident" || base.type === "searchPath"
      ? empty
      : base.type === "int" || base.type === "float"
        ? hardspace
        : base.type === "paren"
          ? softline_
          : line_;
  return cat(
    prettyTerm(base, c),
    sep,
    ...e.path.map((p) => cat(text("."), prettyAttrName(p, c))),
    e.orDefault
      ? cat(softline, nest(cat(text("or"), hardspace, prettyTermGrouped(e.orDefault, c))))
      : empty,
  );
}

function prettyParen(e: Paren, c: Ctx): Doc {
  const inner = e.expr;
  let body: Doc;
  if (isAbsorbableExpr(inner, c)) body = group(absorbExpr(false, inner, c));
  else if (inner.type === "apply")
    body = withComments(inner.comments, prettyApp(c, true, empty, true, inner.fn, inner.arg));
  else if (inner.type === "select" && isAbsorbableTerm(inner.expr, c))
    body = cat(line_, group(prettyExpr(inner, c)), line_);
  else if (inner.type === "select") body = cat(group(prettyExpr(inner, c)), line_);
  else body = cat(line_, group(prettyExpr(inner, c)), line_);
  return group(cat(text("("), nest(body), text(")")));
}

/** Items of a list or set, with the comments before the closing bracket as a last item. */
function items(docs: Doc[], end: AttrSet["endComments"]): Doc[] {
  const trailingComments = triviaDoc(end);
  return trailingComments.length > 0 ? [...docs, trailingComments] : docs;
}

export function prettySet(wide: boolean, e: AttrSet, c: Ctx): Doc {
  const rec = e.rec ? cat(text("rec"), hardspace) : empty;
  const all = items(
    e.bindings.map((b) => group(prettyBinding(b, c))),
    e.endComments,
  );
  if (all.length === 0)
    return cat(rec, text("{"), hint(c, e.multiline) ? hardline : hardspace, text("}"));
  const sep = (wide && all.length > 0) || hint(c, e.multiline) ? hardline : line;
  return cat(rec, text("{"), surroundWith(sep, nest(sepBy(hardline, all))), text("}"));
}

export function renderList(itemSep: Doc, e: List, c: Ctx): Doc {
  const docs = e.items.map((i) => group(prettyTermGrouped(i, c)));
  const all = items(docs, e.endComments);
  const sur = hint(c, e.multiline)
    ? hardline
    : docs.length === 0 && all.length > 0
      ? hardline
      : all.length === 0
        ? hardspace
        : line;
  return cat(text("["), surroundWith(sur, nest(sepBy(itemSep, all))), text("]"));
}

function prettyList(e: List, c: Ctx): Doc {
  if (e.items.length === 0 && (e.endComments?.length ?? 0) === 0)
    return cat(text("["), hint(c, e.multiline) ? hardline : hardspace, text("]"));
  return renderList(hardline, e, c);
}
