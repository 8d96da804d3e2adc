/**
 * Tree utilities for edits the path API does not cover: rebuild with `mapExpr`, visit every node
 * with `visit`, and find a binding's value by attribute path on the AST with `findByPath`.
 */
import type { Expr } from "../ast/nodes.js";
import { childExprs, mapExpr } from "../ast/transform.js";
import { nameOfQuoted, type Shape, setsThrough, topOf, unwrap } from "./locate.js";

export { mapExpr };

/**
 * Calls `f` on `e` and every expression below it, parents first. Returning `false` skips the
 * node's children. The children are `childExprs`'s (the one child enumeration, also behind
 * `mapExpr` and `depthOf`): interpolations in names (`a.${x}`, `inherit (s) ${w}`) included.
 *
 * ```ts
 * visit(expr, (e) => { if (e.type === "string") count++; });
 * ```
 */
export function visit(e: Expr, f: (e: Expr) => boolean | void): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (f(x) === false) continue;
    const children = childExprs(x);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The AST's nodes as the path rule (`setsThrough`) sees them. */
function shapeOf(e: Expr): Shape<Expr> {
  switch (e.type) {
    case "attrs":
      return { kind: "set" };
    case "paren":
      return { kind: "paren", inner: e.expr };
    case "lambda":
      return { kind: "function", body: e.body };
    case "let":
    case "with":
    case "assert":
      return { kind: "scope", body: e.body };
    case "apply": {
      let fn: Expr = e.fn;
      while (fn.type === "apply") fn = fn.fn;
      const last = fn.type === "select" ? fn.path[fn.path.length - 1] : undefined;
      const name = fn.type === "ident" ? fn.name : last?.type === "ident" ? last.name : undefined;
      return { kind: "call", name, arg: e.arg };
    }
    case "list":
      return { kind: "list", items: e.items };
    default:
      return { kind: "other" };
  }
}

/**
 * The value at `path` (`["a", "b"]`, a list item by its index: `["after", "0"]`) in what `e`
 * defines, as the editor's `get` reaches it (the same rule, `setsThrough`): through the file's
 * function header, `let`, `with`, `assert`, parentheses, `lib.mkIf`-like calls and mkMerge's
 * list; dotted and nested bindings both count. `undefined` where the editor reaches nothing.
 *
 * ```ts
 * findByPath(parseOrThrow("{ a.b = 1; }").expr, ["a", "b"]); // the node of `1`
 * ```
 */
export function findByPath(e: Expr, path: readonly string[]): Expr | undefined {
  return path.length === 0 ? e : findIn(topOf(e, shapeOf), path);
}

/** `path` (not empty) below a value. */
function findIn(value: Expr, path: readonly string[]): Expr | undefined {
  const v = unwrap(value, shapeOf);
  if (v.type === "list") {
    if (!/^(0|[1-9][0-9]*)$/.test(path[0]!)) return undefined;
    const item = v.items[Number(path[0])];
    return item === undefined || path.length === 1 ? item : findIn(item, path.slice(1));
  }
  const sets = setsThrough(v, shapeOf);
  if ("stuck" in sets) return undefined;
  for (const set of sets) {
    if (set.type !== "attrs") continue;
    for (const b of set.bindings) {
      if (b.type !== "assignment") continue;
      const names = b.path.map((a) =>
        a.type === "ident"
          ? a.name
          : a.type === "string" && a.parts.every((p) => p.type === "text")
            ? nameOfQuoted(a.parts.map((p) => (p.type === "text" ? p.raw : "")).join(""))
            : undefined,
      );
      if (names.some((x) => x === undefined)) continue;
      const k = names.length;
      if (k <= path.length && names.every((x, i) => x === path[i])) {
        const found = k === path.length ? b.value : findIn(b.value, path.slice(k));
        if (found) return found;
      }
    }
  }
  return undefined;
}
