/**
 * Function application (nixfmt's `prettyApp`): arguments are separated by `line`s, each call is a
 * group and each argument a priority group, so the last argument may expand below the line of the
 * function (`lib.mkIf cond {` ... `}`) while earlier ones stay compact.
 */
import type { Expr, Paren } from "../../ast/nodes.js";
import {
  type Doc,
  GroupAnn,
  cat,
  empty,
  group,
  hardspace,
  line,
  line_,
  nest,
  surroundWith,
  text,
  unexpandSpacing,
} from "../doc.js";
import { isAbsorbableTerm, isSimple } from "./absorb.js";
import { hasComments, withComments } from "./comments.js";
import type { Ctx } from "./context.js";
import { prettyExpr } from "./expr.js";
import { prettyTerm, prettyTermGrouped, prettyTermWide, renderList } from "./term.js";

const transparent = (d: Doc) => group(d, GroupAnn.Transparent);
const priority = (d: Doc) => group(d, GroupAnn.Priority);

/** Arguments other than the last: short lists of simple items may stay on one line. */
function absorbInner(e: Expr, c: Ctx): Doc {
  if (e.type === "list" && e.items.length <= 6 && e.items.every(isSimple))
    return withComments(e.comments, renderList(line, e, c));
  return prettyExpr(e, c);
}

/** A parenthesised last argument: `(` stays on the line, the inside expands below it. */
export function absorbParen(e: Paren, c: Ctx): Doc {
  return withComments(e.comments, absorbParenCore(e, c));
}

function absorbParenCore(e: Paren, c: Ctx): Doc {
  return priority(
    nest(cat(text("("), surroundWith(line_, group(nest(prettyExpr(e.expr, c)))), text(")"))),
  );
}

function absorbLast(a: Expr, c: Ctx): Doc {
  if (isAbsorbableTerm(a, c)) return priority(nest(prettyTerm(a, c)));
  if (a.type === "paren" && !hasComments(a)) {
    const inner = a.expr;
    if (
      inner.type === "lambda" &&
      inner.param.type === "identParam" &&
      !hasComments(inner) &&
      isAbsorbableTerm(inner.body, c)
    ) {
      return priority(
        nest(
          cat(
            text("("),
            text(inner.param.name),
            text(":"),
            hardspace,
            prettyTermWide(inner.body, c),
            text(")"),
          ),
        ),
      );
    }
    if (
      inner.type === "apply" &&
      inner.fn.type === "ident" &&
      !hasComments(inner.fn) &&
      isAbsorbableTerm(inner.arg, c)
    ) {
      return priority(
        nest(
          cat(text("("), text(inner.fn.name), hardspace, prettyTermWide(inner.arg, c), text(")")),
        ),
      );
    }
  }
  if (a.type === "paren") return absorbParen(a, c);
  return group(nest(prettyExpr(a, c)));
}

/**
 * `f a b`. `indentFunction` indents a function that has to break (inside parentheses), `pre` is put
 * inside the group before the function and `hasPost` adds a `line'` after the last argument.
 */
export function prettyApp(
  c: Ctx,
  indentFunction: boolean,
  pre: Doc,
  hasPost: boolean,
  f: Expr,
  a: Expr,
): Doc {
  const absorbApp = (e: Expr): Doc => {
    if (e.type === "apply") {
      const f1 = e.fn;
      const a1 = e.arg;
      if (a1.type === "select")
        return cat(transparent(absorbApp(f1)), line, nest(group(absorbInner(a1, c))));
      if (f1.type === "apply" && f1.arg.type === "list" && a1.type === "list")
        return transparent(
          cat(
            transparent(absorbApp(f1.fn)),
            nest(group(cat(line, group(absorbInner(f1.arg, c)), line, group(absorbInner(a1, c))))),
          ),
        );
      return cat(transparent(absorbApp(f1)), line, nest(priority(absorbInner(a1, c))));
    }
    if (indentFunction) return nest(group(cat(line_, prettyExpr(e, c))));
    return prettyExpr(e, c);
  };
  const post = hasPost ? line_ : empty;

  if (f.type === "apply" && f.arg.type === "list" && a.type === "list") {
    return group(
      cat(
        cat(pre, transparent(absorbApp(f.fn))),
        line,
        nest(group(absorbInner(f.arg, c))),
        line,
        nest(group(absorbInner(a, c))),
        post,
      ),
    );
  }
  const renderedF = cat(pre, transparent(absorbApp(f)));
  const compactF = unexpandSpacing(renderedF);
  if (isSimple({ type: "apply", fn: f, arg: a }) && compactF !== undefined)
    return group(cat(compactF, hardspace, absorbLast(a, c)));
  return group(cat(renderedF, line, absorbLast(a, c), post));
}

export { prettyTermGrouped };
