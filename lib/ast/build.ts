/**
 * Builders: one small typed constructor per Nix construct, each documented with the Nix it produces
 * (in the spirit of hnix's `Nix.Expr.Shorthands`). Strings and attribute names are escaped here, so a
 * value can never break out of its literal.
 *
 * ```ts
 * import { n, print } from "nix-emit";
 * print(n.module(["config", "lib"], n.attrs({ config: n.call("lib.mkIf", n.ref("config.x.enable"), n.attrs({})) })));
 * ```
 *
 * @module
 */
import { NixEmitError } from "../errors.js";
import {
  escapeDoubleQuoted,
  escapeIndented,
  fitsIndentedString,
  formatFloat,
  isIdentifier,
  MIN_NORMAL_DOUBLE,
} from "./escape.js";
import type {
  Apply,
  Assert,
  Assignment,
  AttrName,
  AttrSet,
  Binary,
  BinaryOp,
  Binding,
  BlockComment,
  Comments,
  Expr,
  FloatLit,
  Formal,
  HasAttr,
  Ident,
  If,
  Inherit,
  IntLit,
  Interpolation,
  Lambda,
  Let,
  LineComment,
  List,
  Paren,
  Param,
  PathLit,
  SearchPath,
  Select,
  SetParam,
  StringLit,
  StringPart,
  Unary,
  With,
} from "./nodes.js";

/** Brand of builder-made nodes (a symbol key: invisible to JSON and `Object.keys`, kept by spreads). */
const NODE: unique symbol = Symbol.for("nix-emit.node");

/** Marks an object as an AST node, so `fromValue` embeds it instead of converting it. */
export function markNode<T extends object>(node: T): T {
  (node as T & { [NODE]?: true })[NODE] = true;
  return node;
}

/** Whether `value` was made by a builder (or marked with `markNode`). */
export function isMarkedNode(value: unknown): value is Expr {
  return typeof value === "object" && value !== null && (value as { [NODE]?: true })[NODE] === true;
}

const MAX_INT = 9223372036854775807n;

/** `42`; `-1` is unary minus over `1`, as Nix parses it. Accepts safe integers and bigints. */
function int(value: number | bigint): IntLit | Unary {
  if (typeof value === "number" && !Number.isSafeInteger(value))
    throw new NixEmitError({
      path: "",
      message: `${value} is not a safe integer`,
      hint: "pass a bigint for large integers, or use n.float",
    });
  const v = BigInt(value);
  if (v > MAX_INT || v < -MAX_INT - 1n)
    throw new NixEmitError({
      path: "",
      message: `${v} is outside Nix's signed 64-bit integer range`,
      hint: "Nix integers are 64-bit: -9223372036854775808..9223372036854775807",
    });
  if (v < 0n) return unary("-", markNode({ type: "int", value: -v }) as IntLit) as Unary;
  return markNode({ type: "int", value: v });
}

/** `1.5`, `1.0e300`; negative values are unary minus over the literal. */
function float(value: number): FloatLit | Unary {
  if (!Number.isFinite(value))
    throw new NixEmitError({
      path: "",
      message: `${value} has no Nix literal`,
      hint: "Nix floats are finite",
    });
  const abs = Math.abs(value);
  if (abs !== 0 && abs < MIN_NORMAL_DOUBLE)
    throw new NixEmitError({
      path: "",
      message: `${value} is a subnormal double, which Nix cannot read back`,
      hint: "round it to 0 or to a normal double (|x| >= 2.2250738585072014e-308)",
    });
  const lit = markNode({ type: "float", text: formatFloat(abs) }) as FloatLit;
  return value < 0 ? unary("-", lit) : lit;
}

/** `x` */
function id(name: string): Ident {
  return markNode({ type: "ident", name });
}

/** `true` / `false` */
function bool(value: boolean): Ident {
  return id(value ? "true" : "false");
}

function textToString(text: string): StringLit {
  if (fitsIndentedString(text))
    return markNode({
      type: "string",
      style: "indented",
      parts: [{ type: "text", raw: escapeIndented(text) }],
    });
  return markNode({
    type: "string",
    style: "double",
    parts: text === "" ? [] : [{ type: "text", raw: escapeDoubleQuoted(text) }],
  });
}

/**
 * What a string template may interpolate: text (escaped), numbers and booleans (as text), and
 * expressions. A typed reference must hold a string: Nix refuses `"${1}"` when it evaluates, so a
 * number-typed reference (`cfg.port`) is a type error here; write `n.call("toString", cfg.port)`.
 * Package references (`cfg.package`) interpolate their store path.
 */
export type StrValue =
  | string
  | number
  | bigint
  | boolean
  | (Expr & { readonly _value?: string | Expr | null | undefined });

/**
 * A string. `n.str("a")` is `"a"`; text with line breaks becomes an indented string `'' ... ''` when
 * that reads back exactly. As a tagged template, AST nodes are interpolated and everything else is
 * escaped text: ``n.str`${n.ref("cfg.secretsPath")}/kubelet.pem` `` is `"${cfg.secretsPath}/kubelet.pem"`.
 */
function str(text: string): StringLit;
function str(strings: TemplateStringsArray, ...values: StrValue[]): StringLit;
function str(first: string | TemplateStringsArray, ...values: unknown[]): StringLit {
  if (typeof first === "string") return textToString(first);
  const pieces: Array<string | Expr> = [];
  first.forEach((s, i) => {
    pieces.push(s);
    if (i < values.length) {
      const v = values[i];
      if (
        typeof v === "string" ||
        typeof v === "number" ||
        typeof v === "bigint" ||
        typeof v === "boolean"
      )
        pieces.push(String(v));
      // Only builder-made nodes are code; any other object (say, parsed JSON with a `type`
      // field) is refused rather than printed as Nix.
      else if (isMarkedNode(v)) pieces.push(v);
      else
        throw new NixEmitError({
          path: `str[${i}]`,
          message: `cannot interpolate ${v === null ? "null" : typeof v === "object" ? "an object that is not an AST node" : typeof v}`,
          hint: "interpolate AST nodes made by the builders (n.ref, n.id, ...) or strings",
        });
    }
  });
  // Merge neighbouring text, then escape each text piece knowing what follows it.
  const merged: Array<string | Expr> = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (typeof p === "string" && typeof last === "string") merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  const exprs = merged.filter((p): p is Expr => typeof p !== "string");
  if (exprs.length === 0) return textToString(merged.join(""));
  const parts: StringPart[] = [];
  for (const p of merged) {
    if (typeof p === "string") {
      if (p !== "") parts.push({ type: "text", raw: escapeDoubleQuoted(p) });
    } else {
      parts.push(interp(p));
    }
  }
  return markNode({ type: "string", style: "double", parts });
}

/** `${expr}`, for strings and dynamic attribute names. */
function interp(expr: Expr): Interpolation {
  return markNode({ type: "interpolation", expr });
}

/** `./a.nix`, `../x`, `/abs`, `~/home`. The text must be a valid Nix path without `${`. */
function path(text: string): PathLit {
  if (!/^(\.{1,2}|~)?(\/[A-Za-z0-9._+-]+)+\/?$/.test(text) || text.endsWith("/"))
    throw new NixEmitError({
      path: "",
      message: `${JSON.stringify(text)} is not a Nix path literal`,
      hint: "paths start with ./, ../, / or ~/ and contain only letters, digits and . _ + -",
    });
  return markNode({ type: "path", parts: [{ type: "text", raw: text }] });
}

/** `<nixpkgs>` */
function searchPath(p: string): SearchPath {
  if (!/^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/.test(p))
    throw new NixEmitError({
      path: "",
      message: `${JSON.stringify(p)} is not a valid <search> path`,
    });
  return markNode({ type: "searchPath", path: p });
}

/** One attribute name: `a` when it is an identifier, `"a-b.c"` quoted otherwise. */
function attrName(name: string | AttrName): AttrName {
  if (typeof name !== "string") return name;
  if (isIdentifier(name)) return id(name);
  return markNode({
    type: "string",
    style: "double",
    parts: name === "" ? [] : [{ type: "text", raw: escapeDoubleQuoted(name) }],
  });
}

type PathInput = string | AttrName | readonly (string | AttrName)[];

function attrPath(p: PathInput): AttrName[] {
  const list =
    typeof p === "string" || !Array.isArray(p)
      ? [p as string | AttrName]
      : (p as readonly (string | AttrName)[]);
  if (list.length === 0)
    throw new NixEmitError({ path: "", message: "an attribute path needs at least one name" });
  return list.map(attrName);
}

/** `expr.a.b` (nested selections are merged into one path). */
function sel(expr: Expr, ...names: (string | AttrName)[]): Select {
  if (expr.type === "select" && expr.orDefault === undefined && !expr.comments)
    // A spread keeps what other layers attached (the module layer's option-path mark).
    return markNode({ ...expr, path: [...expr.path, ...attrPath(names)] });
  return markNode({ type: "select", expr, path: attrPath(names) });
}

/** `expr.a.b or fallback` */
function selOr(expr: Expr, names: readonly (string | AttrName)[], fallback: Expr): Select {
  const s = sel(expr, ...names);
  return markNode({ ...s, orDefault: fallback });
}

/** `config.services.k8s` from the dotted text `"config.services.k8s"` (each part an identifier). */
function ref(dotted: string): Ident | Select {
  const parts = dotted.split(".");
  const [head, ...rest] = parts;
  if (!head || parts.some((p) => p === ""))
    throw new NixEmitError({
      path: "",
      message: `${JSON.stringify(dotted)} is not a dotted reference`,
    });
  return rest.length === 0 ? id(head) : sel(id(head), ...rest);
}

/** `expr ? a.b` */
function hasAttr(expr: Expr, ...names: (string | AttrName)[]): HasAttr {
  return markNode({ type: "hasAttr", expr, path: attrPath(names) });
}

/** `fn a b`; `fn` may be a dotted string: `n.call("lib.mkIf", cond, body)` is `lib.mkIf cond body`. */
function call(fn: Expr | string, ...args: Expr[]): Expr {
  let e: Expr = typeof fn === "string" ? ref(fn) : fn;
  for (const arg of args) e = markNode({ type: "apply", fn: e, arg }) as Apply;
  return e;
}

/** `name = value;` (`path` is one name, or a list of names: `["a", "b"]` is `a.b = value;`) */
function assign(p: PathInput, value: Expr): Assignment {
  return markNode({ type: "assignment", path: attrPath(p), value });
}

/** `inherit a b;` */
function inherit(names: readonly (string | AttrName)[]): Inherit {
  return markNode({ type: "inherit", names: names.map(attrName) });
}

/** `inherit (from) a b;` */
function inheritFrom(from: Expr, names: readonly (string | AttrName)[]): Inherit {
  return markNode({ type: "inherit", from, names: names.map(attrName) });
}

type BindingsInput = Readonly<Record<string, Expr | undefined>> | readonly Binding[];

function bindings(input: BindingsInput): Binding[] {
  if (Array.isArray(input)) return [...(input as readonly Binding[])];
  return Object.entries(input as Record<string, Expr | undefined>)
    .filter((e): e is [string, Expr] => e[1] !== undefined)
    .map(([k, v]) => assign(k, v));
}

/** `{ a = 1; "b-c" = 2; }` from an object (one name per key) or from bindings. */
function attrs(input: BindingsInput = {}): AttrSet {
  return markNode({ type: "attrs", rec: false, bindings: bindings(input) });
}

/** `rec { a = 1; b = a; }` */
function rec(input: BindingsInput = {}): AttrSet {
  return markNode({ type: "attrs", rec: true, bindings: bindings(input) });
}

/** `[ a b ]` */
function list(items: readonly Expr[] = []): List {
  return markNode({ type: "list", items: [...items] });
}

/** `let a = 1; in body` */
function let_(input: BindingsInput, body: Expr): Let {
  return markNode({ type: "let", bindings: bindings(input), body });
}

/** `with env; body` */
function with_(env: Expr, body: Expr): With {
  return markNode({ type: "with", env, body });
}

/** `assert cond; body` */
function assert_(cond: Expr, body: Expr): Assert {
  return markNode({ type: "assert", cond, body });
}

/** `if cond then a else b` */
function if_(cond: Expr, then: Expr, otherwise: Expr): If {
  return markNode({ type: "if", cond, then, else: otherwise });
}

/** A formal `name` or `name ? default`, for `n.formals`. */
function formal(name: string, defaultValue?: Expr): Formal {
  return markNode(
    defaultValue ? { type: "formal", name, default: defaultValue } : { type: "formal", name },
  );
}

/** `{ a, b ? 1, ... }` as a lambda parameter; `bind` adds `args@`. */
function formals(
  names: readonly (string | Formal)[],
  options: { ellipsis?: boolean; bind?: string } = {},
): SetParam {
  return {
    type: "setParam",
    formals: names.map((f) => (typeof f === "string" ? formal(f) : f)),
    ellipsis: options.ellipsis ?? false,
    ...(options.bind ? { bind: { name: options.bind, position: "before" as const } } : {}),
  };
}

/** `x: body`, or `{ a, ... }: body` with `n.formals`. */
function lambda(param: string | Param, body: Expr): Lambda {
  return markNode({
    type: "lambda",
    param: typeof param === "string" ? { type: "identParam", name: param } : param,
    body,
  });
}

/** A NixOS module function: `{ config, lib, pkgs, ... }: body`. */
function module(args: readonly string[], body: Expr): Lambda {
  return lambda(formals(args, { ellipsis: true }), body);
}

/** `(expr)`; the printer adds the parentheses precedence needs by itself. */
function paren(expr: Expr): Paren {
  return markNode({ type: "paren", expr });
}

/** `!expr` or `-expr` */
function unary(op: "!" | "-", expr: Expr): Unary {
  return markNode({ type: "unary", op, expr });
}

/** `left op right` */
function op(left: Expr, operator: BinaryOp, right: Expr): Binary {
  return markNode({ type: "binary", op: operator, left, right });
}

/** `# text` on its own line (text as written after `#`, usually starting with a space). */
function lineComment(text: string): LineComment {
  return { type: "lineComment", text };
}

/** `/** text *\/`, the doc comment form the NixOS manual reads. */
function docComment(text: string): BlockComment {
  return { type: "blockComment", doc: true, lines: text.split("\n") };
}

/** Attaches comments to a node: `before` on their own lines, `trailing` after it on its line. */
function withComments<T extends { readonly comments?: Comments }>(node: T, comments: Comments): T {
  return { ...node, comments } as T;
}

/** The builders, as one namespace: `n.attrs`, `n.str`, `n.call`, ... */
export const n = {
  int,
  float,
  bool,
  /** `null` */
  null: id("null"),
  str,
  interp,
  path,
  searchPath,
  id,
  ref,
  sel,
  selOr,
  hasAttr,
  call,
  attrName,
  assign,
  inherit,
  inheritFrom,
  attrs,
  rec,
  list,
  let: let_,
  with: with_,
  assert: assert_,
  if: if_,
  formal,
  formals,
  lambda,
  module,
  paren,
  not: (e: Expr) => unary("!", e),
  neg: (e: Expr) => unary("-", e),
  op,
  /** `a // b` */
  update: (a: Expr, b: Expr) => op(a, "//", b),
  /** `a ++ b ++ c`: any number of lists (at least one), associated to the right as Nix does. */
  concat: (first: Expr, ...rest: Expr[]): Expr =>
    rest.length === 0
      ? first
      : op(
          first,
          "++",
          rest.reduceRight((right, left) => op(left, "++", right)),
        ),
  /** `a + b` */
  plus: (a: Expr, b: Expr) => op(a, "+", b),
  /** `a && b` */
  and: (a: Expr, b: Expr) => op(a, "&&", b),
  /** `a || b` */
  or: (a: Expr, b: Expr) => op(a, "||", b),
  /** `a == b` */
  eq: (a: Expr, b: Expr) => op(a, "==", b),
  /** `a != b` */
  neq: (a: Expr, b: Expr) => op(a, "!=", b),
  /** `a -> b` */
  implies: (a: Expr, b: Expr) => op(a, "->", b),
  lineComment,
  docComment,
  withComments,
} as const;
