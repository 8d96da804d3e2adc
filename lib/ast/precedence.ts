/**
 * Nix's operator precedence and associativity, as in the grammar of Nix 2.x (`parser.y`):
 *
 * ```
 * %right IMPL      ->
 * %left OR         ||
 * %left AND        &&
 * %nonassoc EQ NEQ == !=
 * %nonassoc < > <= >=
 * %right UPDATE    //
 * %left NOT        !
 * %left + -
 * %left * /
 * %right CONCAT    ++
 * %nonassoc ?
 * %nonassoc NEGATE -
 * ```
 *
 * above them application, then selection, then atoms. One table for the printer, the parser and the
 * tests, so they cannot disagree on where parentheses are needed.
 *
 * @module
 */
import type { BinaryOp, Expr } from "./nodes.js";

/** Precedence levels, higher binds tighter. */
export const Prec = {
  /** `x: …`, `let … in …`, `with …; …`, `assert …; …`, `if … then … else …`: extend to the right. */
  open: 0,
  implies: 1,
  or: 2,
  and: 3,
  equality: 4,
  comparison: 5,
  update: 6,
  not: 7,
  additive: 8,
  multiplicative: 9,
  concat: 10,
  hasAttr: 11,
  negate: 12,
  apply: 13,
  select: 14,
  atom: 15,
} as const;

/** How a chain of the same operator groups. */
export type Associativity = "left" | "right" | "none";

/** Precedence and associativity of a binary operator. */
export interface BinaryOpInfo {
  readonly prec: number;
  readonly assoc: Associativity;
}

/** Precedence and associativity of every binary operator. */
export const binaryOps: Readonly<Record<BinaryOp, BinaryOpInfo>> = {
  "->": { prec: Prec.implies, assoc: "right" },
  "||": { prec: Prec.or, assoc: "left" },
  "&&": { prec: Prec.and, assoc: "left" },
  "==": { prec: Prec.equality, assoc: "none" },
  "!=": { prec: Prec.equality, assoc: "none" },
  "<": { prec: Prec.comparison, assoc: "none" },
  ">": { prec: Prec.comparison, assoc: "none" },
  "<=": { prec: Prec.comparison, assoc: "none" },
  ">=": { prec: Prec.comparison, assoc: "none" },
  "//": { prec: Prec.update, assoc: "right" },
  "+": { prec: Prec.additive, assoc: "left" },
  "-": { prec: Prec.additive, assoc: "left" },
  "*": { prec: Prec.multiplicative, assoc: "left" },
  "/": { prec: Prec.multiplicative, assoc: "left" },
  "++": { prec: Prec.concat, assoc: "right" },
};

/** The precedence level of an expression as written without surrounding parentheses. */
export function precedenceOf(expr: Expr): number {
  switch (expr.type) {
    case "int":
    case "float":
    case "string":
    case "path":
    case "searchPath":
    case "ident":
    case "attrs":
    case "list":
    case "paren":
      return Prec.atom;
    case "select":
      return Prec.select;
    case "apply":
      return Prec.apply;
    case "unary":
      return expr.op === "-" ? Prec.negate : Prec.not;
    case "hasAttr":
      return Prec.hasAttr;
    case "binary":
      return binaryOps[expr.op].prec;
    case "let":
    case "with":
    case "assert":
    case "if":
    case "lambda":
      return Prec.open;
  }
}

/** Minimum precedence of each operand of a binary operator, by side. */
export function binaryOperandPrec(op: BinaryOp, side: "left" | "right"): number {
  const { prec, assoc } = binaryOps[op];
  if (assoc === "left") return side === "left" ? prec : prec + 1;
  if (assoc === "right") return side === "left" ? prec + 1 : prec;
  return prec + 1;
}

/**
 * Minimum precedence an operand needs in each position, so that it parses back as the same tree.
 * Positions not listed (binding values, `let` bodies, interpolations, ...) accept any expression.
 */
export const operandPrec = {
  /** The argument of an application: `f (g x)`, `f (-1)`. */
  applyArg: Prec.select,
  /** The function of an application: `(x: x) 1`. */
  applyFn: Prec.apply,
  /** The expression being selected from: `(f x).a`. */
  selectExpr: Prec.atom,
  /** The `or` fallback of a selection: `a.b or (f x)`. */
  selectDefault: Prec.select,
  /** The left side of `?`: `(-x) ? a` needs none, `(a + b) ? c` does. */
  hasAttrExpr: Prec.negate,
  /** The operand of `-`. */
  negate: Prec.negate,
  /** The operand of `!`: `!a + b` is `!(a + b)`. */
  not: Prec.not,
  /** An item of a list: `[ (f x) (-1) a.b ]`. */
  listItem: Prec.select,
} as const;

/**
 * Whether `child` needs parentheses in a position that requires at least `minPrec`.
 * Paths, numbers and other atoms on the left of `.` need them too, since `./a.nix.b` lexes as one path.
 */
export function needsParens(child: Expr, minPrec: number): boolean {
  return precedenceOf(child) < minPrec;
}
