/**
 * nixfmt's rules (`Pretty.hs`) for binary operations (`prettyOp`): chains of one operator, the
 * non-chaining comparisons.
 *
 * @module
 */
import { type Doc, cat, catAll, group, hardline, hardspace, line, nest } from "../doc.js";
import type { Expression, Leaf } from "../tree.js";
import { sameToken } from "../tree.js";
import { R, moveTrailingCommentUp, prettyLeaf } from "./base.js";
import { prettyTermP, prettyTermWide } from "./term.js";
import { prettyApp } from "./app.js";
import { prettyExpr } from "./stmt.js";
import { isAbsorbable } from "./absorb.js";

export const UPDATE_CONCAT_PLUS = new Set(["//", "++", "+"]);

export const NON_CHAINING = new Set(["<", ">", "<=", ">=", "==", "!="]);

export function prettyOp(forceFirstTermWide: boolean, operation: Expression, op: Leaf): Doc {
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
