/**
 * Operators (nixfmt's `prettyOp`): a chain of the same operator is flattened and broken before each
 * operator; comparisons (`==`, `<`, ...) do not chain and only soft-break before the operator.
 */
import type { Binary, BinaryOp, Expr, HasAttr, Unary } from "../../ast/nodes.js";
import { type Doc, cat, catAll, group, hardspace, line, nest, softline, text } from "../doc.js";
import { isAbsorbableTerm } from "./absorb.js";
import { prettyApp } from "./app.js";
import { withComments } from "./comments.js";
import type { Ctx } from "./context.js";
import { prettyExpr } from "./expr.js";
import { prettyAttrPath, prettyTermWide } from "./term.js";

const NON_CHAINING: ReadonlySet<BinaryOp> = new Set(["<", ">", "<=", ">=", "==", "!="]);

/** The operands of a chain of `op`, left to right, with a loop (chains can be thousands long). */
function flatten(e: Expr, op: BinaryOp, out: Expr[]): Expr[] {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.type === "binary" && x.op === op && !x.comments) stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

function absorbOperation(x: Expr, c: Ctx): Doc {
  if (isAbsorbableTerm(x, c)) return cat(hardspace, prettyExpr(x, c));
  if (x.type === "binary") return group(cat(line, prettyExpr(x, c)));
  if (x.type === "apply")
    return group(
      cat(hardspace, withComments(x.comments, prettyApp(c, false, line, false, x.fn, x.arg))),
    );
  return cat(hardspace, prettyExpr(x, c));
}

export function prettyOp(forceFirstTermWide: boolean, e: Binary, c: Ctx): Doc {
  const operands = flatten(e.left, e.op, []);
  flatten(e.right, e.op, operands);
  const parts: Doc[] = operands.map((x, i) => {
    if (i === 0)
      return forceFirstTermWide && isAbsorbableTerm(x, c) ? prettyTermWide(x, c) : prettyExpr(x, c);
    return cat(line, text(e.op), nest(absorbOperation(x, c)));
  });
  return group(catAll(parts));
}

export function prettyBinary(e: Binary, c: Ctx): Doc {
  if (NON_CHAINING.has(e.op))
    return cat(prettyExpr(e.left, c), softline, text(e.op), hardspace, prettyExpr(e.right, c));
  return prettyOp(false, e, c);
}

export function prettyHasAttr(e: HasAttr, c: Ctx): Doc {
  return cat(prettyExpr(e.expr, c), softline, text("?"), hardspace, prettyAttrPath(e.path, c));
}

export function prettyUnary(e: Unary, c: Ctx): Doc {
  return cat(text(e.op), prettyExpr(e.expr, c));
}
