/**
 * `mapExpr`: rebuild an expression bottom-up, letting a function replace any sub-expression.
 *
 * @module
 */
import type { Assignment, AttrName, Binding, Expr, Param, StringPart } from "./nodes.js";
import { assertNever } from "./nodes.js";
import { binaryOps } from "./precedence.js";

/** Applies `f` to every sub-expression, children first, and to the result for `e` itself. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  const m = (x: Expr) => mapExpr(x, f);
  const parts = (ps: readonly StringPart[]): StringPart[] =>
    ps.map((p) => (p.type === "text" ? p : { ...p, expr: m(p.expr) }));
  const name = (a: AttrName): AttrName =>
    a.type === "ident"
      ? a
      : a.type === "string"
        ? { ...a, parts: parts(a.parts) }
        : { ...a, expr: m(a.expr) };
  const binding = (b: Binding): Binding =>
    b.type === "assignment"
      ? { ...b, path: b.path.map(name), value: m(b.value) }
      : { ...b, names: b.names.map(name), ...(b.from ? { from: m(b.from) } : {}) };
  const param = (p: Param): Param =>
    p.type === "identParam"
      ? p
      : { ...p, formals: p.formals.map((x) => (x.default ? { ...x, default: m(x.default) } : x)) };
  let out: Expr;
  switch (e.type) {
    case "int":
    case "float":
    case "searchPath":
    case "ident":
      out = e;
      break;
    case "string":
    case "path":
      out = { ...e, parts: parts(e.parts) } as Expr;
      break;
    case "attrs":
      out = { ...e, bindings: e.bindings.map(binding) };
      break;
    case "list":
      out = { ...e, items: e.items.map(m) };
      break;
    case "select":
      out = {
        ...e,
        expr: m(e.expr),
        path: e.path.map(name),
        ...(e.orDefault ? { orDefault: m(e.orDefault) } : {}),
      };
      break;
    case "hasAttr":
      out = { ...e, expr: m(e.expr), path: e.path.map(name) };
      break;
    case "apply":
      out = { ...e, fn: m(e.fn), arg: m(e.arg) };
      break;
    case "unary":
      out = { ...e, expr: m(e.expr) };
      break;
    case "binary":
      out = { ...e, left: m(e.left), right: m(e.right) };
      break;
    case "let":
      out = { ...e, bindings: e.bindings.map(binding), body: m(e.body) };
      break;
    case "with":
      out = { ...e, env: m(e.env), body: m(e.body) };
      break;
    case "assert":
      out = { ...e, cond: m(e.cond), body: m(e.body) };
      break;
    case "if":
      out = { ...e, cond: m(e.cond), then: m(e.then), else: m(e.else) };
      break;
    case "lambda":
      out = { ...e, param: param(e.param), body: m(e.body) };
      break;
    case "paren":
      out = { ...e, expr: m(e.expr) };
      break;
    default:
      return assertNever(e);
  }
  return f(out);
}

/** The direct sub-expressions of an expression (including those in strings, names and bindings). */
export function childExprs(e: Expr): Expr[] {
  const out: Expr[] = [];
  const parts = (ps: readonly StringPart[]) => {
    for (const p of ps) if (p.type === "interpolation") out.push(p.expr);
  };
  const name = (a: AttrName) => {
    if (a.type === "string") parts(a.parts);
    else if (a.type === "interpolation") out.push(a.expr);
  };
  switch (e.type) {
    case "int":
    case "float":
    case "searchPath":
    case "ident":
      break;
    case "string":
    case "path":
      parts(e.parts);
      break;
    case "attrs":
    case "let":
      for (const b of e.bindings) {
        if (b.type === "assignment") {
          b.path.forEach(name);
          out.push(b.value);
        } else {
          b.names.forEach(name);
          if (b.from) out.push(b.from);
        }
      }
      if (e.type === "let") out.push(e.body);
      break;
    case "list":
      out.push(...e.items);
      break;
    case "select":
      out.push(e.expr);
      e.path.forEach(name);
      if (e.orDefault) out.push(e.orDefault);
      break;
    case "hasAttr":
      out.push(e.expr);
      e.path.forEach(name);
      break;
    case "apply":
      out.push(e.fn, e.arg);
      break;
    case "unary":
    case "paren":
      out.push(e.expr);
      break;
    case "binary":
      out.push(e.left, e.right);
      break;
    case "with":
      out.push(e.env, e.body);
      break;
    case "assert":
      out.push(e.cond, e.body);
      break;
    case "if":
      out.push(e.cond, e.then, e.else);
      break;
    case "lambda":
      if (e.param.type === "setParam")
        for (const f of e.param.formals) if (f.default) out.push(f.default);
      out.push(e.body);
      break;
    default:
      return assertNever(e);
  }
  return out;
}

/**
 * The nesting depth of an expression, computed without recursion (safe on any depth). With
 * `flatChains`, an operand that continues a chain of the same operator (`a + b + c`) counts as the
 * same level: the printer lays such a chain out as one list, as nixfmt does.
 */
export function depthOf(e: Expr, options: { readonly flatChains?: boolean } = {}): number {
  let max = 0;
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > max) max = d;
    for (const c of childExprs(x)) {
      // Only the operand on the operator's associative side continues the chain (`a + b + c`
      // is `(a + b) + c`); the other side would need parentheses, a real level.
      const chained =
        options.flatChains === true &&
        x.type === "binary" &&
        c.type === "binary" &&
        c.op === x.op &&
        !c.comments &&
        c === (binaryOps[x.op].assoc === "right" ? x.right : x.left) &&
        binaryOps[x.op].assoc !== "none";
      stack.push([c, chained ? d : d + 1]);
    }
  }
  return max;
}

/**
 * Writes nested attribute sets with a single binding as dotted paths, as NixOS module authors do:
 * `{ systemd = { services = { kubelet = { … }; }; }; }` becomes `{ systemd.services.kubelet = { … }; }`.
 * The meaning is the same (Nix merges dotted paths into nested sets); recursive sets, sets with
 * comments and `inherit` are left as they are.
 */
export function dottedPaths(e: Expr): Expr {
  return mapExpr(e, (x) => {
    if (x.type !== "attrs" || x.rec) return x;
    const bindings = x.bindings.map((b): Binding => {
      if (b.type !== "assignment" || b.comments) return b;
      let path = b.path;
      let value = b.value;
      while (
        value.type === "attrs" &&
        !value.rec &&
        !value.comments &&
        !value.endComments?.length &&
        value.bindings.length === 1 &&
        value.bindings[0]!.type === "assignment" &&
        !value.bindings[0]!.comments
      ) {
        const inner = value.bindings[0] as Assignment;
        path = [...path, ...inner.path];
        value = inner.value;
      }
      return path === b.path ? b : { ...b, path, value };
    });
    return { ...x, bindings };
  });
}
