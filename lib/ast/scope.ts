/**
 * `freeVariables`: the names an expression uses without binding them, e.g. to write a module header
 * `{ config, lib, pkgs, ... }:` that lists exactly what the body needs (Nix rejects unbound names).
 *
 * @module
 */
import type { AttrName, Binding, Expr, Param, StringPart } from "./nodes.js";
import { assertNever } from "./nodes.js";
import { childExprs } from "./transform.js";

/**
 * The free variables of `expr`. Inside `with e; body`, a name unbound in `body` might come from `e`
 * at run time; it is still reported, since a module header must bind it for `nix-instantiate
 * --parse` unless something else does.
 */
export function freeVariables(expr: Expr): Set<string> {
  return new Set(freeVariableUses(expr).keys());
}

/**
 * The free variables of `expr`, each with where it is first used: the attribute path of the binding
 * it sits in (`config.systemd.services.kubelet.serviceConfig.ExecStart`, list items as `[i]`), or
 * `""` at the top. For error messages that point at the misspelt reference.
 */
export function freeVariableUses(expr: Expr): Map<string, string> {
  const free = new Map<string, string>();
  let where = "";
  const use = (name: string) => {
    if (!free.has(name)) free.set(name, where);
  };
  const at = (path: string, f: () => void) => {
    const outer = where;
    where = path;
    f();
    where = outer;
  };
  const bindingPath = (ns: readonly AttrName[]) =>
    [
      where,
      ...ns.map((a) =>
        a.type === "ident"
          ? a.name
          : a.type === "string"
            ? a.parts.map((p) => (p.type === "text" ? p.raw : "${…}")).join("")
            : "${…}",
      ),
    ]
      .filter((s) => s !== "")
      .join(".");
  const walk = (e: Expr, bound: ReadonlySet<string>): void => {
    const parts = (ps: readonly StringPart[]) => {
      for (const p of ps) if (p.type === "interpolation") walk(p.expr, bound);
    };
    const names = (ns: readonly AttrName[], scope: ReadonlySet<string>) => {
      for (const n of ns) {
        if (n.type === "string") parts(n.parts);
        else if (n.type === "interpolation") walk(n.expr, scope);
      }
    };
    const bindingsScope = (bs: readonly Binding[]): Set<string> => {
      const inner = new Set(bound);
      for (const b of bs) {
        if (b.type === "inherit") {
          for (const n of b.names) if (n.type === "ident") inner.add(n.name);
        } else {
          const first = b.path[0];
          if (first?.type === "ident") inner.add(first.name);
        }
      }
      return inner;
    };
    const bindings = (bs: readonly Binding[], valueScope: ReadonlySet<string>) => {
      for (const b of bs) {
        if (b.type === "inherit") {
          names(b.names, valueScope);
          if (b.from) walk(b.from, valueScope);
          else for (const n of b.names) if (n.type === "ident" && !bound.has(n.name)) use(n.name);
        } else {
          names(b.path, valueScope);
          at(bindingPath(b.path), () => walk(b.value, valueScope));
        }
      }
    };
    switch (e.type) {
      case "int":
      case "float":
      case "searchPath":
        return;
      case "ident":
        if (!bound.has(e.name) && !["true", "false", "null"].includes(e.name)) use(e.name);
        return;
      case "attrs":
        return bindings(e.bindings, e.rec ? bindingsScope(e.bindings) : bound);
      case "list":
        e.items.forEach((item, i) => at(`${where}[${i}]`, () => walk(item, bound)));
        return;
      case "let": {
        const inner = bindingsScope(e.bindings);
        bindings(e.bindings, inner);
        return walk(e.body, inner);
      }
      case "lambda": {
        const inner = new Set(bound);
        for (const n of paramNames(e.param)) inner.add(n);
        if (e.param.type === "setParam")
          for (const f of e.param.formals) if (f.default) walk(f.default, inner);
        return walk(e.body, inner);
      }
      // The rest binds nothing: their children (`childExprs`, the one child enumeration, names'
      // interpolations included) are walked in the same scope.
      case "string":
      case "path":
      case "select":
      case "hasAttr":
      case "apply":
      case "unary":
      case "binary":
      case "with":
      case "assert":
      case "if":
      case "paren":
        for (const c of childExprs(e)) walk(c, bound);
        return;
      default:
        return assertNever(e);
    }
  };
  walk(expr, new Set());
  return free;
}

function paramNames(p: Param): string[] {
  if (p.type === "identParam") return [p.name];
  return [...p.formals.map((f) => f.name), ...(p.bind ? [p.bind.name] : [])];
}
