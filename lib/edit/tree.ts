/**
 * Tree utilities for edits the path API does not cover: rebuild with `mapExpr`, visit every node
 * with `visit`, and find a binding's value by attribute path on the AST with `findByPath`.
 */
import type { Expr } from "../ast/nodes.js";
import { childExprs, mapExpr } from "../ast/transform.js";
import { WRAPPERS } from "./locate.js";

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

/** The attribute sets `e` evaluates to, through functions, let, with, parentheses and lib.mk*. */
function setsOf(e: Expr): Expr[] {
  switch (e.type) {
    case "attrs":
      return [e];
    case "lambda":
    case "let":
    case "with":
    case "assert":
      return setsOf(e.body);
    case "paren":
      return setsOf(e.expr);
    case "list":
      return e.items.flatMap(setsOf);
    case "apply": {
      let fn: Expr = e.fn;
      while (fn.type === "apply") fn = fn.fn;
      const name =
        fn.type === "ident"
          ? fn.name
          : fn.type === "select" && fn.path[fn.path.length - 1]?.type === "ident"
            ? (fn.path[fn.path.length - 1] as { name: string }).name
            : undefined;
      return name !== undefined && WRAPPERS.has(name) ? setsOf(e.arg) : [];
    }
    default:
      return [];
  }
}

/**
 * The value bound at `path` in the attribute set `e` evaluates to (through functions, `let`,
 * `with`, parentheses and `lib.mkIf`-like wrappers; dotted and nested bindings both count).
 *
 * ```ts
 * findByPath(parseOrThrow("{ a.b = 1; }").expr, ["a", "b"]); // the node of `1`
 * ```
 */
export function findByPath(e: Expr, path: readonly string[]): Expr | undefined {
  if (path.length === 0) return e;
  for (const set of setsOf(e)) {
    if (set.type !== "attrs") continue;
    for (const b of set.bindings) {
      if (b.type !== "assignment") continue;
      const names = b.path.map((a) =>
        a.type === "ident"
          ? a.name
          : a.type === "string" && a.parts.every((p) => p.type === "text")
            ? a.parts.map((p) => (p.type === "text" ? p.raw : "")).join("")
            : undefined,
      );
      if (names.some((x) => x === undefined)) continue;
      const k = names.length;
      if (k <= path.length && names.every((x, i) => x === path[i])) {
        const found = findByPath(b.value, path.slice(k));
        if (found) return found;
      }
    }
  }
  return undefined;
}
