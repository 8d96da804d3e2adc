/** Lambdas and their parameters (nixfmt's `Pretty Parameter` and the `Abstraction` cases). */
import type { Expr, Formal, Lambda, Param, SetParam } from "../../ast/nodes.js";
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
  surroundWith,
  text,
  trailing,
} from "../doc.js";
import { canFlattenParams, isAbsorbableExpr, isAbsorbableTerm } from "./absorb.js";
import { absorbRHS } from "./binding.js";
import { triviaDoc, withComments } from "./comments.js";
import { type Ctx, hint } from "./context.js";
import { absorbExpr, prettyExpr } from "./expr.js";
import { prettyTermWide } from "./term.js";

function prettyFormal(f: Formal, comma: Doc, c: Ctx): Doc {
  const name = text(f.name);
  if (f.default === undefined) return withComments(f.comments, cat(name, comma));
  return withComments(
    f.comments,
    // The comma stays outside the group: a trailing `,` prints when the set is expanded.
    cat(group(cat(name, hardspace, nest(cat(text("?"), absorbRHS(f.default, c))))), comma),
  );
}

function prettySetParam(p: SetParam, c: Ctx): Doc {
  if (p.formals.length === 0 && !p.ellipsis && (p.endComments?.length ?? 0) === 0)
    return group(cat(text("{"), hint(c, p.multiline) ? hardline : hardspace, text("}")));
  const sep = canFlattenParams(p, c) ? line : hardline;
  const docs = p.formals.map((f, i) => {
    const last = i === p.formals.length - 1 && !p.ellipsis;
    return prettyFormal(f, last ? trailing(",") : text(","), c);
  });
  if (p.ellipsis) docs.push(text("..."));
  return group(
    cat(
      text("{"),
      surroundWith(sep, nest(sepBy(sep, docs))),
      nest(triviaDoc(p.endComments)),
      text("}"),
    ),
  );
}

export function prettyParam(p: Param, c: Ctx): Doc {
  if (p.type === "identParam") return text(p.name);
  const set = prettySetParam(p, c);
  if (!p.bind) return set;
  return p.bind.position === "before"
    ? cat(text(p.bind.name), text("@"), set)
    : cat(set, text("@"), text(p.bind.name));
}

function absorbAbs(depth: number, x: Expr, c: Ctx): Doc {
  if (x.type === "lambda" && x.param.type === "identParam" && !x.comments)
    return cat(hardspace, text(x.param.name), text(":"), absorbAbs(depth + 1, x.body, c));
  if (isAbsorbableExpr(x, c))
    return cat(hardspace, group(absorbExpr(false, x, c), GroupAnn.Priority));
  return cat(depth <= 2 ? line : hardline, prettyExpr(x, c));
}

export function prettyLambda(e: Lambda, c: Ctx): Doc {
  const { param, body } = e;
  if (param.type === "identParam")
    return group(cat(line_, text(param.name), text(":"), absorbAbs(1, body, c)));
  const head = cat(prettyParam(param, c), text(":"));
  if (!param.bind) {
    if (canFlattenParams(param, c) && !hint(c, e.bodyOnNewLine) && isAbsorbableExpr(body, c))
      return cat(head, hardspace, group(prettyExpr(body, c), GroupAnn.Priority));
    if (hint(c, e.bodyOnNewLine)) return cat(head, hardline, prettyExpr(body, c));
  }
  if (isAbsorbableTerm(body, c)) return cat(head, line, group(prettyTermWide(body, c)));
  return cat(head, line, prettyExpr(body, c));
}
