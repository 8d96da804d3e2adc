/**
 * Finding attribute paths in the concrete syntax tree, with exact source positions: the file's
 * top-level attribute set is reached through a function header, `let … in`, `with …;`, `assert`,
 * parentheses and the last argument of `lib.mkIf`/`mkDefault`/`mkForce`/`mkOverride`/`mkMerge`.
 */
import type { SyntaxNode } from "../parse/treeSitter.js";

/** Functions whose last argument holds the module's settings (`lib.mkIf cond { … }`). */
export const WRAPPERS: ReadonlySet<string> = new Set([
  "mkIf",
  "mkDefault",
  "mkForce",
  "mkOverride",
  "mkMerge",
  "mkBefore",
  "mkAfter",
  "mkOrder",
  "optionalAttrs",
]);

/** The attribute sets an expression evaluates to, looking through wrappers (in source order). */
export function setsOf(node: SyntaxNode | null): SyntaxNode[] {
  if (!node) return [];
  switch (node.type) {
    case "attrset_expression":
    case "rec_attrset_expression":
      return [node];
    case "function_expression":
    case "let_expression":
    case "with_expression":
    case "assert_expression":
      return setsOf(node.field("body"));
    case "parenthesized_expression":
      return setsOf(node.field("expression"));
    case "list_expression":
      return node.namedChildren.flatMap((c) => (c.type === "comment" ? [] : setsOf(c)));
    case "apply_expression": {
      const fn = node.field("function");
      const name = calleeName(fn);
      return name !== undefined && WRAPPERS.has(name) ? setsOf(node.field("argument")) : [];
    }
    default:
      return [];
  }
}

/** `lib.mkIf cond` → `mkIf`: the last name of the called function (through curried calls). */
function calleeName(fn: SyntaxNode | null): string | undefined {
  let f = fn;
  while (f && f.type === "apply_expression") f = f.field("function");
  if (!f) return undefined;
  if (f.type === "variable_expression") return f.text;
  if (f.type === "select_expression") {
    const path = f.field("attrpath");
    const last = path?.namedChildren[path.namedChildren.length - 1];
    return last?.type === "identifier" ? last.text : undefined;
  }
  return undefined;
}

/** The bindings of a set, in source order. */
export function bindingsOf(set: SyntaxNode): SyntaxNode[] {
  const bindingSet = set.namedChildren.find((c) => c.type === "binding_set");
  return bindingSet ? bindingSet.namedChildren.filter((c) => c.type === "binding") : [];
}

/** A binding's path as names, or undefined when a segment is computed (`${x}`). */
export function bindingPath(binding: SyntaxNode, source: string): string[] | undefined {
  const path = binding.field("attrpath");
  if (!path) return undefined;
  const names: string[] = [];
  for (const seg of path.namedChildren) {
    if (seg.type === "comment") continue;
    if (seg.type === "identifier") names.push(source.slice(seg.startIndex, seg.endIndex));
    else if (seg.type === "string_expression") {
      if (seg.namedChildren.some((c) => c.type === "interpolation")) return undefined;
      const raw = source.slice(seg.startIndex + 1, seg.endIndex - 1);
      names.push(raw.replace(/\\(.)/gs, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c));
    } else return undefined;
  }
  return names;
}

/** Where a path is, or how far it got. */
export type Location =
  | { readonly kind: "binding"; readonly binding: SyntaxNode; readonly value: SyntaxNode }
  | {
      /** The path continues below bindings with longer paths (`a.b = …; a.c = …;` for `a`). */
      readonly kind: "prefix";
      readonly bindings: readonly SyntaxNode[];
    }
  | {
      /** The innermost existing set, and the part of the path missing from it. */
      readonly kind: "missing";
      readonly set: SyntaxNode;
      readonly rest: readonly string[];
      /** How many leading names of `rest` a binding of the set shares (where it fits best). */
      readonly affinity: number;
    };

const startsWith = (a: readonly string[], b: readonly string[]) =>
  b.length <= a.length && b.every((s, i) => a[i] === s);

/** Resolves `path` in the first set of `sets` that holds it; `undefined` when there is no set. */
export function locate(
  sets: readonly SyntaxNode[],
  path: readonly string[],
  source: string,
): Location | undefined {
  let fallback: Location | undefined;
  for (const set of sets) {
    const found = locateIn(set, path, source);
    if (found.kind !== "missing") return found;
    // The deepest set reached is where a new binding goes; among equals, the one whose bindings
    // share the most of the path (next to `b.c = …` for `b.d`).
    if (
      !fallback ||
      (fallback.kind === "missing" &&
        (found.rest.length < fallback.rest.length ||
          (found.rest.length === fallback.rest.length && found.affinity > fallback.affinity)))
    )
      fallback = found;
  }
  return fallback;
}

function locateIn(set: SyntaxNode, path: readonly string[], source: string): Location {
  const prefixed: SyntaxNode[] = [];
  let affinity = 0;
  let deepest: Location | undefined;
  for (const binding of bindingsOf(set)) {
    const bpath = bindingPath(binding, source);
    if (!bpath) continue;
    const value = binding.field("expression");
    if (!value) continue;
    if (bpath.length === path.length && startsWith(path, bpath))
      return { kind: "binding", binding, value };
    let common = 0;
    while (common < bpath.length && bpath[common] === path[common]) common++;
    affinity = Math.max(affinity, common);
    if (startsWith(path, bpath)) {
      const inner = locate(setsOf(value), path.slice(bpath.length), source);
      if (inner && inner.kind !== "missing") return inner;
      if (
        inner &&
        (deepest === undefined ||
          (deepest.kind === "missing" && inner.rest.length < deepest.rest.length))
      )
        deepest = inner;
    } else if (startsWith(bpath, path)) prefixed.push(binding);
  }
  if (prefixed.length > 0) return { kind: "prefix", bindings: prefixed };
  return deepest ?? { kind: "missing", set, rest: path, affinity };
}
