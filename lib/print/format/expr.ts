/**
 * The dispatch of expressions to their print functions (nixfmt's `Pretty Expression`), and the
 * constructs too small for a file of their own: `with`, `assert`, `if`.
 */
import type { Assert, Expr, If, With } from "../../ast/nodes.js";
import { assertNever } from "../../ast/nodes.js";
import {
  type Doc,
  GroupAnn,
  cat,
  empty,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  surroundWith,
  text,
} from "../doc.js";
import { isAbsorbableTerm, isTerm } from "./absorb.js";
import { prettyApp } from "./app.js";
import { prettyLet } from "./binding.js";
import { trailingDoc, triviaDoc, withComments } from "./comments.js";
import type { Ctx } from "./context.js";
import { prettyBinary, prettyHasAttr, prettyUnary } from "./op.js";
import { prettyLambda } from "./params.js";
import { prettyTerm, prettyTermGrouped, prettyTermWide } from "./term.js";

export function prettyExpr(e: Expr, c: Ctx): Doc {
  if (isTerm(e)) return prettyTermGrouped(e, c);
  switch (e.type) {
    case "with":
      return withComments(e.comments, prettyWith(false, e, c));
    case "let":
      return withComments(e.comments, prettyLet(e, c));
    case "assert":
      return withComments(e.comments, prettyAssert(e, c));
    case "if":
      return withComments(e.comments, group(prettyIf(line, e, c)));
    case "lambda":
      return withComments(e.comments, prettyLambda(e, c));
    case "apply":
      return withComments(e.comments, prettyApp(c, false, empty, false, e.fn, e.arg));
    case "binary":
      return withComments(e.comments, prettyBinary(e, c));
    case "hasAttr":
      return withComments(e.comments, prettyHasAttr(e, c));
    case "unary":
      return withComments(e.comments, prettyUnary(e, c));
    default:
      return assertNever(e);
  }
}

/** An expression that may start on the current line; `wide` force-expands attribute sets. */
export function absorbExpr(wide: boolean, e: Expr, c: Ctx): Doc {
  if (isAbsorbableTerm(e, c)) return wide ? prettyTermWide(e, c) : prettyTerm(e, c);
  if (e.type === "with" && isAbsorbableTerm(e.body, c))
    return withComments(e.comments, prettyWith(true, e, c));
  return prettyExpr(e, c);
}

function prettyWith(absorb: boolean, e: With, c: Ctx): Doc {
  const head = cat(text("with"), hardspace, nest(group(prettyExpr(e.env, c))), text(";"));
  if (absorb)
    return group(cat(line_, head, hardspace, group(prettyTermWide(e.body, c), GroupAnn.Priority)));
  return cat(group(head), line, prettyExpr(e.body, c));
}

/** `assert cond;` is laid out as if `assert` were a function applied to the condition. */
function prettyAssert(e: Assert, c: Ctx): Doc {
  const keyword: Expr = { type: "ident", name: "assert" };
  const insert = (x: Expr): Expr =>
    x.type === "apply" && !x.comments
      ? { type: "apply", fn: insert(x.fn), arg: x.arg }
      : { type: "apply", fn: keyword, arg: x };
  const app = insert(e.cond) as Extract<Expr, { type: "apply" }>;
  return group(
    cat(
      prettyApp(c, false, empty, false, app.fn, app.arg),
      text(";"),
      hardline,
      prettyExpr(e.body, c),
    ),
  );
}

function prettyIf(sep: Doc, e: Expr, c: Ctx): Doc {
  if (e.type !== "if") return cat(line, nest(group(prettyExpr(e, c))));
  const x: If = e;
  // An `else if`: the comments of the inner `if` stood before (or just after) `else`; nixfmt prints
  // them before `else` (its `moveTrailingCommentUp`).
  const inner = x.else;
  const nested = inner.type === "if" && inner.comments;
  return cat(
    group(
      cat(
        text("if"),
        line,
        nest(prettyExpr(x.cond, c)),
        line,
        triviaDoc(x.thenComments),
        text("then"),
      ),
    ),
    surroundWith(sep, nest(group(prettyExpr(x.then, c)))),
    triviaDoc(x.elseComments),
    nested ? triviaDoc(inner.comments?.before) : empty,
    text("else"),
    hardspace,
    prettyIf(hardline, nested ? { ...inner, comments: undefined } : inner, c),
    nested ? trailingDoc(inner.comments?.trailing) : empty,
  );
}
