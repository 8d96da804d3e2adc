/**
 * The config side of modules: `lib.mkIf`, `lib.mkMerge`, priorities and ordering, as typed helpers.
 * Values may be plain JavaScript values (converted with `fromValue`) or expressions.
 */
import { n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";

const v = (value: unknown): Expr => fromValue(value);
const strings = (path: readonly string[]) => n.list(path.map((p) => n.str(p)));

/** `lib.mkIf cond value` */
export const mkIf = (cond: Expr, value: unknown): Expr => n.call("lib.mkIf", cond, v(value));
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
