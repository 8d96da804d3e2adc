/**
 * Finding attribute paths in the concrete syntax tree, with exact source positions.
 *
 * What a path goes through (the editable view of a file):
 * - the file's top: a function header, `let … in`, `with …;`, `assert …;` and parentheses lead to
 *   its body (the same in a binding's value);
 * - attribute sets (`rec` too), nested or dotted (`a.b = …` and `a = { b = …; }` alike);
 * - the attribute-set argument of the calls modules are made of (`CALLS`): `lib.mkOption { … }`,
 *   `mkIf c { … }`, `mkDefault`, `mkForce`, `mkOverride n`, `mkBefore`/`mkAfter`, `mkOrder`,
 *   `optionalAttrs`, `mkEnableOption`/`mkPackageOption` when the argument is a set; and every set
 *   inside `mkMerge [ … ]`;
 * - list items, by index (`after.0`).
 *
 * Anything else on the way (another call, `//`, `if`, a string, a number, a name, an `inherit`, a
 * set with computed `${…}` keys that might bind the name) is a `blocked` location that names it.
 */
import { assertNever } from "../ast/nodes.js";
import type { SyntaxNode } from "../treesitter/treeSitter.js";

/** Functions whose last argument, when it is an attribute set (or mkMerge's list), is looked into. */
export const CALLS: ReadonlySet<string> = new Set([
  "mkIf",
  "mkDefault",
  "mkForce",
  "mkOverride",
  "mkMerge",
  "mkBefore",
  "mkAfter",
  "mkOrder",
  "optionalAttrs",
  "mkOption",
  "mkEnableOption",
  "mkPackageOption",
]);
/** Of `CALLS`, the ones looked into only when their argument is an attribute set as written. */
const OPTION_CALLS: ReadonlySet<string> = new Set([
  "mkOption",
  "mkEnableOption",
  "mkPackageOption",
]);

/**
 * What the path rule needs to know of a node, in either tree (the syntax tree here, the AST in
 * `tree.ts`): `scope` is `let`, `with` or `assert` (its body), `call` names the called function's
 * last name (through curried calls), `other` is anything the rule does not go through.
 */
export type Shape<N> =
  | { readonly kind: "set" }
  | { readonly kind: "paren"; readonly inner: N }
  | { readonly kind: "function"; readonly body: N }
  | { readonly kind: "scope"; readonly body: N }
  | { readonly kind: "call"; readonly name: string | undefined; readonly arg: N }
  | { readonly kind: "list"; readonly items: readonly N[] }
  | { readonly kind: "other" };

/** `node` without the parentheses around it. */
export function unwrap<N>(node: N, shape: (n: N) => Shape<N>): N {
  let n = node;
  for (let s = shape(n); s.kind === "paren"; s = shape(n)) n = s.inner;
  return n;
}

/** The top of a file or value through function headers, `let`, `with`, `assert` and parentheses. */
export function topOf<N>(node: N, shape: (n: N) => Shape<N>): N {
  let n = node;
  for (;;) {
    const s = shape(n);
    if (s.kind === "paren" || s.kind === "function" || s.kind === "scope")
      n = s.kind === "paren" ? s.inner : s.body;
    else return n;
  }
}

/**
 * The one rule of which attribute sets a value stands for, for the editor and `findByPath`: the
 * set itself; through `let`/`with`/`assert` bodies and parentheses; the argument of a call of
 * `CALLS` (the option calls only when it is a set as written), every set of mkMerge's list. Else
 * `stuck` is the node (without parentheses) the rule cannot go through. A function is gone
 * through only at a file's top (`topOf`), as a path names what the file's body defines.
 */
export function setsThrough<N>(
  node: N,
  shape: (n: N) => Shape<N>,
): readonly N[] | { readonly stuck: N } {
  const n = unwrap(node, shape);
  const s = shape(n);
  switch (s.kind) {
    case "set":
      return [n];
    case "scope":
      return setsThrough(s.body, shape);
    case "call": {
      if (s.name === undefined || !CALLS.has(s.name)) return { stuck: n };
      const inner = unwrap(s.arg, shape);
      const is = shape(inner);
      if (s.name === "mkMerge" && is.kind === "list") {
        const sets: N[] = [];
        for (const item of is.items) {
          const c = setsThrough(item, shape);
          if ("stuck" in c) return c;
          sets.push(...c);
        }
        return sets;
      }
      if (is.kind === "set") return [inner];
      if (OPTION_CALLS.has(s.name)) return { stuck: n };
      return setsThrough(inner, shape);
    }
    case "paren":
    case "function":
    case "list":
    case "other":
      return { stuck: n };
    default:
      return assertNever(s);
  }
}

/** The syntax tree's nodes as the path rule sees them. */
export function shapeOf(node: SyntaxNode): Shape<SyntaxNode> {
  switch (node.type) {
    case "attrset_expression":
    case "rec_attrset_expression":
      return { kind: "set" };
    case "parenthesized_expression": {
      const inner = node.field("expression");
      return inner ? { kind: "paren", inner } : { kind: "other" };
    }
    case "function_expression":
    case "let_expression":
    case "with_expression":
    case "assert_expression": {
      const body = node.field("body");
      if (!body) return { kind: "other" };
      return node.type === "function_expression"
        ? { kind: "function", body }
        : { kind: "scope", body };
    }
    case "apply_expression": {
      const arg = node.field("argument");
      return arg
        ? { kind: "call", name: calleeName(node.field("function")), arg }
        : { kind: "other" };
    }
    case "list_expression":
      return { kind: "list", items: node.namedChildren.filter((c) => c.type !== "comment") };
    default:
      return { kind: "other" };
  }
}

/** Parentheses around `node` dropped. */
export function unparen(node: SyntaxNode): SyntaxNode {
  return unwrap(node, shapeOf);
}

/** `lib.mkIf cond` → `mkIf`: the last name of the called function (through curried calls). */
export function calleeName(fn: SyntaxNode | null): string | undefined {
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

/** The called function as written (`lib.mkOption`), for messages. */
function calleeText(call: SyntaxNode, source: string): string {
  let f: SyntaxNode | null = call;
  while (f && f.type === "apply_expression") f = f.field("function");
  return f
    ? source.slice(f.startIndex, f.endIndex).replace(/\s+/g, " ").slice(0, 60)
    : "a function";
}

/** A node type as words, for messages: `an if … then … else`, `an update (//)`. */
export function describeNode(node: SyntaxNode, source: string): string {
  const n = unparen(node);
  switch (n.type) {
    case "apply_expression":
      return `a call to ${calleeText(n, source)}`;
    case "binary_expression": {
      const op = n.field("operator");
      const text = op ? source.slice(op.startIndex, op.endIndex) : "";
      return text === "//" ? "an update (//) of two sets" : `a ${text} expression`;
    }
    case "if_expression":
      return "an if … then … else";
    case "string_expression":
    case "indented_string_expression":
      return "a string";
    case "integer_expression":
      return "an integer";
    case "float_expression":
      return "a float";
    case "list_expression":
      return "a list";
    case "function_expression":
      return "a function";
    case "variable_expression":
      return `the name ${n.text}`;
    case "select_expression":
      return `a reference (${source.slice(n.startIndex, n.endIndex).slice(0, 60)})`;
    case "path_expression":
    case "hpath_expression":
    case "spath_expression":
      return "a path";
    case "attrset_expression":
      return "an attribute set";
    case "rec_attrset_expression":
      return "a rec attribute set";
    default: {
      const words = n.type.replace(/_expression$/, "").replace(/_/g, " ");
      return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words}`;
    }
  }
}

/** The bindings of a set or `let` (bindings and inherits), in source order. */
export function membersOf(set: SyntaxNode): SyntaxNode[] {
  const bindingSet = set.namedChildren.find((c) => c.type === "binding_set");
  return bindingSet
    ? bindingSet.namedChildren.filter(
        (c) => c.type === "binding" || c.type === "inherit" || c.type === "inherit_from",
      )
    : [];
}

/** The `binding`s of a set, in source order. */
export function bindingsOf(set: SyntaxNode): SyntaxNode[] {
  return membersOf(set).filter((c) => c.type === "binding");
}

/** The names an `inherit` brings in. */
export function inheritedNames(member: SyntaxNode, source: string): string[] {
  const attrs =
    member.field("attrs") ?? member.namedChildren.find((c) => c.type === "inherited_attrs");
  if (!attrs) return [];
  return attrs.namedChildren.flatMap((c) =>
    c.type === "identifier"
      ? [source.slice(c.startIndex, c.endIndex)]
      : c.type === "string_expression"
        ? [unquote(c, source) ?? ""]
        : [],
  );
}

function unquote(seg: SyntaxNode, source: string): string | undefined {
  if (seg.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return nameOfQuoted(source.slice(seg.startIndex + 1, seg.endIndex - 1));
}

/** The name a quoted attribute name without interpolations stands for: its raw text, unescaped. */
export function nameOfQuoted(raw: string): string {
  return raw.replace(/\\(.)/gs, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
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
      const name = unquote(seg, source);
      if (name === undefined) return undefined;
      names.push(name);
    } else return undefined;
  }
  return names;
}

/** Where a path is, or how far it got. */
export type Location =
  | {
      /** A binding (`binding` set) or a list item (`list`, `index` set) holds the value. */
      readonly kind: "value";
      readonly value: SyntaxNode;
      readonly binding?: SyntaxNode;
      readonly list?: SyntaxNode;
      readonly index?: number;
    }
  | {
      /** The path continues below bindings with longer paths (`a.b = …; a.c = …;` for `a`). */
      readonly kind: "prefix";
      readonly bindings: readonly SyntaxNode[];
      /** The path as the bindings' set names it. */
      readonly rest: readonly string[];
    }
  | {
      /** The innermost existing set, and the part of the path missing from it. */
      readonly kind: "missing";
      readonly set: SyntaxNode;
      readonly rest: readonly string[];
      /** How many leading names of `rest` a binding of the set shares (where it fits best). */
      readonly affinity: number;
    }
  | {
      /** Something on the way that cannot be edited faithfully: `at` names it, `why` says what. */
      readonly kind: "blocked";
      readonly at: readonly string[];
      readonly why: string;
      readonly hint: string;
    };

type Blocked = Extract<Location, { kind: "blocked" }>;

const startsWith = (a: readonly string[], b: readonly string[]) =>
  b.length <= a.length && b.every((s, i) => a[i] === s);

/** The sets a value stands for (`setsThrough`); a `Blocked` naming what it is otherwise. */
export function containersOf(
  node: SyntaxNode,
  at: readonly string[],
  source: string,
): SyntaxNode[] | Blocked {
  const sets = setsThrough(node, shapeOf);
  return "stuck" in sets ? blocked(at, sets.stuck, source) : [...sets];
}

function blocked(at: readonly string[], node: SyntaxNode, source: string): Blocked {
  const what = describeNode(node, source);
  const hint = what.startsWith("an update")
    ? "edit one side of the // by hand, or rewrite it as one set"
    : what.startsWith("an if")
      ? "edit the branches by hand (lib.mkIf cond { … } can be edited)"
      : what.startsWith("a call")
        ? `only the set argument of ${[...CALLS].join(", ")} is edited; replace the whole value instead`
        : "set the whole value instead";
  return { kind: "blocked", at, why: `is ${what}`, hint };
}

/** The top of a file or value through function headers, `let`, `with`, `assert` and parentheses. */
export function bodyOf(node: SyntaxNode): SyntaxNode {
  return topOf(node, shapeOf);
}

/** The `let` expressions on the way from the file's top to its body (`topOf`), outermost first. */
export function letsOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let n = node; ;) {
    if (n.type === "let_expression") out.push(n);
    const s = shapeOf(n);
    if (s.kind === "paren") n = s.inner;
    else if (s.kind === "function" || s.kind === "scope") n = s.body;
    else return out;
  }
}

/** Resolves `path` below a value at `at` (the value's own path). */
function descend(
  value: SyntaxNode,
  path: readonly string[],
  at: readonly string[],
  source: string,
): Location {
  const v = unparen(value);
  if (v.type === "list_expression") {
    const items = v.namedChildren.filter((c) => c.type !== "comment");
    const seg = path[0]!;
    if (!/^(0|[1-9][0-9]*)$/.test(seg))
      return {
        kind: "blocked",
        at,
        why: "is a list",
        hint: `name an item by its index (${[...at, "0"].join(".")}), or use append/insert/removeItem`,
      };
    const index = Number(seg);
    const item = items[index];
    if (!item)
      return {
        kind: "blocked",
        at,
        why: `is a list of ${items.length} item${items.length === 1 ? "" : "s"}, with no item ${index}`,
        hint: "use append or insert to add an item",
      };
    if (path.length === 1) return { kind: "value", value: item, list: v, index };
    return descend(item, path.slice(1), [...at, seg], source);
  }
  const sets = containersOf(v, at, source);
  if (!Array.isArray(sets)) return sets;
  return lookIn(sets, path, at, source);
}

/** Resolves `path` in `sets` (the sets of one value, in source order). */
export function lookIn(
  sets: readonly SyntaxNode[],
  path: readonly string[],
  at: readonly string[],
  source: string,
): Location {
  let fallback: Extract<Location, { kind: "missing" }> | undefined;
  for (const set of sets) {
    const found = lookInOne(set, path, at, source);
    if (found.kind !== "missing") return found;
    // The deepest set reached is where a new binding goes; among equals, the one whose bindings
    // share the most of the path (next to `b.c = …` for `b.d`).
    if (
      !fallback ||
      found.rest.length < fallback.rest.length ||
      (found.rest.length === fallback.rest.length && found.affinity > fallback.affinity)
    )
      fallback = found;
  }
  if (!fallback)
    return {
      kind: "blocked",
      at,
      why: "is an empty mkMerge list",
      hint: "add a set to the list first",
    };
  return fallback;
}

function lookInOne(
  set: SyntaxNode,
  path: readonly string[],
  at: readonly string[],
  source: string,
): Location {
  const prefixed: SyntaxNode[] = [];
  let affinity = 0;
  let deepest: Extract<Location, { kind: "missing" }> | undefined;
  let computed: SyntaxNode | undefined;
  for (const member of membersOf(set)) {
    if (member.type !== "binding") {
      if (inheritedNames(member, source).includes(path[0]!))
        return {
          kind: "blocked",
          at: [...at, path[0]!],
          why: `is inherited (${source.slice(member.startIndex, member.endIndex).replace(/\s+/g, " ").slice(0, 60)})`,
          hint: "edit it where it comes from, or replace the inherit by a binding first",
        };
      continue;
    }
    const bpath = bindingPath(member, source);
    if (!bpath) {
      computed ??= member;
      continue;
    }
    const value = member.field("expression");
    if (!value) continue;
    if (bpath.length === path.length && startsWith(path, bpath))
      return { kind: "value", binding: member, value };
    let common = 0;
    while (common < bpath.length && bpath[common] === path[common]) common++;
    affinity = Math.max(affinity, common);
    if (startsWith(path, bpath)) {
      const inner = descend(value, path.slice(bpath.length), [...at, ...bpath], source);
      if (inner.kind !== "missing") return inner;
      if (deepest === undefined || inner.rest.length < deepest.rest.length) deepest = inner;
    } else if (startsWith(bpath, path)) prefixed.push(member);
  }
  if (prefixed.length > 0) return { kind: "prefix", bindings: prefixed, rest: path };
  if (deepest) return deepest;
  if (computed)
    return {
      kind: "blocked",
      at: [...at, path[0]!],
      why: `may be bound by the computed name ${source.slice(computed.startIndex, computed.endIndex).split("=")[0]!.trim().slice(0, 60)} (known only when evaluated)`,
      hint: "edit this set by hand",
    };
  return { kind: "missing", set, rest: path, affinity };
}

/** Resolves `path` from the top of a file (its body, through function, let, with, assert). */
export function locate(top: SyntaxNode, path: readonly string[], source: string): Location {
  const body = bodyOf(top);
  const sets = containersOf(body, [], source);
  if (!Array.isArray(sets))
    return {
      kind: "blocked",
      at: [],
      why: `the file ${sets.why}, not an attribute set`,
      hint: "the file must be (or return, through a function, let, with or lib.mkIf) an attribute set",
    };
  return lookIn(sets, path, [], source);
}
