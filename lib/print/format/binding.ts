/**
 * Bindings and `let` (nixfmt's `Pretty Binder`, `absorbRHS`): `name = value;` keeps the value on the
 * line of the `=` when it can expand below it (sets, lists, calls whose last argument expands), and
 * otherwise moves it to the next line, indented.
 */
import type { Binding, Expr, Let } from "../../ast/nodes.js";
import { assertNever } from "../../ast/nodes.js";
import {
  type Doc,
  GroupAnn,
  cat,
  group,
  hardline,
  hardspace,
  line,
  line_,
  nest,
  sepBy,
  text,
} from "../doc.js";
import { isAbsorbableExpr, isAbsorbableTerm } from "./absorb.js";
import { absorbParen, prettyApp } from "./app.js";
import { hasComments, triviaDoc, withComments } from "./comments.js";
import type { Ctx } from "./context.js";
import { absorbExpr, prettyExpr } from "./expr.js";
import { prettyOp } from "./op.js";
import { prettyAttrName, prettyAttrPath, prettyTerm, prettyTermWide } from "./term.js";

const UPDATE_CONCAT_PLUS = new Set(["//", "++", "+"]);

/** The right-hand side of `=` (or of `?` in formals), starting with the space after it. */
export function absorbRHS(e: Expr, c: Ctx): Doc {
  if (
    e.type === "attrs" &&
    e.bindings.length === 1 &&
    e.bindings[0]!.type === "inherit" &&
    !e.endComments?.length
  )
    return nest(cat(hardspace, group(absorbExpr(false, e, c))));
  if (isAbsorbableExpr(e, c)) return nest(cat(hardspace, group(absorbExpr(true, e, c))));
  switch (e.type) {
    case "paren":
      return nest(cat(hardspace, absorbParen(e, c)));
    case "string":
    case "path":
      return nest(cat(hardspace, group(prettyExpr(e, c))));
    case "int":
    case "float":
    case "searchPath":
    case "ident":
    case "attrs":
    case "list":
    case "select":
      return nest(group(cat(line, prettyExpr(e, c))));
    case "apply":
      return nest(withComments(e.comments, prettyApp(c, false, line, false, e.fn, e.arg)));
    case "with":
      return nest(group(cat(line, prettyExpr(e, c))));
    case "binary":
      if (UPDATE_CONCAT_PLUS.has(e.op) && isAbsorbableTerm(e.left, c) && !hasComments(e.left))
        return cat(hardspace, withComments(e.comments, prettyOp(true, e, c)));
      if (UPDATE_CONCAT_PLUS.has(e.op) && isAbsorbableTerm(e.right, c))
        return nest(
          group(
            cat(
              line,
              prettyExpr(e.left, c),
              line,
              group(
                cat(text(e.op), hardspace, group(prettyTermWide(e.right, c), GroupAnn.Priority)),
                GroupAnn.Transparent,
              ),
            ),
          ),
        );
      break;
    default:
      break;
  }
  return nest(cat(line, group(prettyExpr(e, c))));
}

export function prettyBinding(b: Binding, c: Ctx): Doc {
  switch (b.type) {
    case "assignment": {
      const simpleLhs = b.path.length <= 4 && b.path.every((p) => p.type === "ident");
      const rhs = simpleLhs
        ? absorbRHS(b.value, c)
        : cat(line_, group(absorbRHS(b.value, c), GroupAnn.Priority));
      return withComments(
        b.comments,
        cat(prettyAttrPath(b.path, c), nest(cat(hardspace, text("="), rhs)), text(";")),
      );
    }
    case "inherit": {
      const oneLine = !(!c.strict && b.multiline) && b.names.length < 4;
      const sep = oneLine ? line : hardline;
      const nosep = oneLine ? line_ : hardline;
      const names = sepBy(
        sep,
        b.names.map((n) => prettyAttrName(n, c)),
      );
      if (b.from === undefined)
        return withComments(
          b.comments,
          cat(text("inherit"), sep, nest(cat(names, nosep, text(";")))),
        );
      const source = prettyTerm({ type: "paren", expr: b.from }, c);
      return withComments(
        b.comments,
        cat(text("inherit"), nest(cat(group(cat(line, source)), sep, names, nosep, text(";")))),
      );
    }
    default:
      return assertNever(b);
  }
}

export function prettyLet(e: Let, c: Ctx): Doc {
  const letPart = group(
    cat(
      text("let"),
      hardline,
      // Comments and blank lines before `in` end the bindings (nixfmt's trailing `Comments` item).
      nest(
        sepBy(hardline, [
          ...e.bindings.map((b) => group(prettyBinding(b, c))),
          ...((e.endComments?.length ?? 0) > 0 ? [triviaDoc(e.endComments)] : []),
        ]),
      ),
    ),
  );
  const inPart = group(cat(text("in"), hardline, prettyExpr(e.body, c)));
  return cat(letPart, hardline, inPart);
}
