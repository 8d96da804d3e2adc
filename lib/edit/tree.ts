/**
 * Tree utilities for edits the path API does not cover: rebuild with `mapExpr`, visit every node
 * with `visit`, and find a binding's value by attribute path on the AST with `findByPath`.
 */
import type { Binding, Expr } from "../ast/nodes.js";
import { mapExpr } from "../ast/transform.js";
import { WRAPPERS } from "./locate.js";

export { mapExpr };

/**
 * Calls `f` on `e` and every expression below it, parents first. Returning `false` skips the
 * node's children.
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
    const children = directChildren(x);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The expressions directly below `e`. */
export function directChildren(e: Expr): Expr[] {
  const parts = (ps: readonly { type: string; expr?: Expr }[]) =>
    ps.flatMap((p) => (p.type === "interpolation" && p.expr ? [p.expr] : []));
  const bindings = (bs: readonly Binding[]) =>
    bs.flatMap((b) =>
      b.type === "assignment"
        ? [...b.path.flatMap((a) => (a.type === "interpolation" ? [a.expr] : [])), b.value]
        : b.from
          ? [b.from]
          : [],
    );
  switch (e.type) {
    case "int":
    case "float":
    case "ident":
    case "searchPath":
      return [];
    case "string":
    case "path":
      return parts(e.parts);
    case "attrs":
      return bindings(e.bindings);
    case "list":
      return [...e.items];
    case "select":
      return [e.expr, ...(e.orDefault ? [e.orDefault] : [])];
    case "hasAttr":
      return [e.expr];
    case "apply":
      return [e.fn, e.arg];
    case "unary":
      return [e.expr];
    case "binary":
      return [e.left, e.right];
    case "let":
      return [...bindings(e.bindings), e.body];
    case "with":
      return [e.env, e.body];
    case "assert":
      return [e.cond, e.body];
    case "if":
      return [e.cond, e.then, e.else];
    case "lambda":
      return [
        ...(e.param.type === "setParam"
          ? e.param.formals.flatMap((f) => (f.default ? [f.default] : []))
          : []),
        e.body,
      ];
    case "paren":
      return [e.expr];
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
