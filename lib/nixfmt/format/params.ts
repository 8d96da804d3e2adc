/**
 * nixfmt's rules (`Pretty.hs`) for function parameters: `{ a, b ? d, ... }@x`, with the comments
 * moved as nixfmt moves them.
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
  nest,
  sepBy,
  surroundWith,
  trailing,
} from "../doc.js";
import type { Leaf, ParamAttr, Parameter, Trivia } from "../tree.js";
import { hasTrivia, isLone, mapLastToken, sym } from "../tree.js";
import { moveTrailingCommentUp, prettyLeaf, prettyTrivia } from "./base.js";
import { absorbRHS } from "./absorb.js";

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

export function canFlattenAttrs(open: Leaf, attrs: readonly ParamAttr[], close: Leaf): boolean {
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

export function prettyParam(p: Parameter): Doc {
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
