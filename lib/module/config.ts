/**
 * The config side of modules: `lib.mkIf`, `lib.mkMerge`, priorities and ordering, as typed helpers.
 * Values may be plain JavaScript values (converted with `fromValue`) or expressions.
 */
import { n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { OPTION_TYPE } from "./module.js";

const v = (value: unknown): Expr => fromValue(value);
const strings = (path: readonly string[]) => n.list(path.map((p) => n.str(p)));

/**
 * A condition: a boolean expression. A typed reference must hold a boolean (`cfg.enable`, not
 * `cfg.port`); `n.bool(true)`, comparisons, `!`, `&&`, `||`, calls and untyped references are
 * accepted, while literals and operators that can only give another type are refused.
 */
export type Condition = Expr & { readonly _value?: boolean | undefined };

const NOT_BOOLEAN: Partial<Record<Expr["type"], string>> = {
  int: "an integer",
  float: "a float",
  string: "a string",
  path: "a path",
  searchPath: "a path",
  attrs: "an attribute set",
  list: "a list",
  lambda: "a function",
};
const NUMERIC_OPS = new Set(["++", "*", "/", "+", "-", "//"]);

/** Why `cond` cannot be a boolean, or `undefined` when it may be one. */
function notBoolean(cond: Expr): string | undefined {
  const type = (cond as { [OPTION_TYPE]?: string })[OPTION_TYPE];
  if (type !== undefined && type !== "boolean") return `a reference to an option of type ${type}`;
  if (cond.type === "paren") return notBoolean(cond.expr);
  if (cond.type === "ident" && cond.name === "null") return "null";
  if (cond.type === "unary" && cond.op === "-") return "a negated number";
  if (cond.type === "binary" && NUMERIC_OPS.has(cond.op)) return `the result of ${cond.op}`;
  return NOT_BOOLEAN[cond.type];
}

/** `lib.mkIf cond value`; `cond` must be a boolean expression (checked by type and at run time). */
export const mkIf = (cond: Condition, value: unknown): Expr => {
  const wrong = notBoolean(cond);
  if (wrong !== undefined)
    throw new NixEmitError({
      path: "mkIf",
      message: `the condition must be a boolean, got ${wrong}`,
      hint: 'use a boolean option (cfg.enable) or a comparison (n.neq(cfg.mode, n.str("off")))',
    });
  return n.call("lib.mkIf", cond, v(value));
};
/** `lib.mkMerge [ a b ]` */
export const mkMerge = (values: readonly unknown[]): Expr =>
  n.call("lib.mkMerge", n.list(values.map(v)));
/** `lib.mkDefault value` (priority 1000) */
export const mkDefault = (value: unknown): Expr => n.call("lib.mkDefault", v(value));
/** `lib.mkForce value` (priority 50) */
export const mkForce = (value: unknown): Expr => n.call("lib.mkForce", v(value));
/** `lib.mkOverride priority value` */
export const mkOverride = (priority: number, value: unknown): Expr =>
  n.call("lib.mkOverride", n.int(priority), v(value));
/** `lib.mkBefore value` (list/string order 500) */
export const mkBefore = (value: unknown): Expr => n.call("lib.mkBefore", v(value));
/** `lib.mkAfter value` (order 1500) */
export const mkAfter = (value: unknown): Expr => n.call("lib.mkAfter", v(value));
/** `lib.mkOrder priority value` */
export const mkOrder = (priority: number, value: unknown): Expr =>
  n.call("lib.mkOrder", n.int(priority), v(value));
/** `lib.mkRenamedOptionModule [ "old" "path" ] [ "new" "path" ]`, for `imports`. */
export const mkRenamedOptionModule = (from: readonly string[], to: readonly string[]): Expr =>
  n.call("lib.mkRenamedOptionModule", strings(from), strings(to));
/** `lib.mkRemovedOptionModule [ "old" "path" ] "why"`, for `imports`. */
export const mkRemovedOptionModule = (path: readonly string[], why: string): Expr =>
  n.call("lib.mkRemovedOptionModule", strings(path), n.str(why));
