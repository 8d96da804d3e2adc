/**
 * The typed Nix syntax tree shared by every layer of nix-emit: builders and `fromValue` create it,
 * the parser reads Nix source into it, and the printer writes it in the official Nix format.
 *
 * It keeps what the official format (nixfmt, RFC 166) needs and nothing more: the constructs of the
 * language as Nix 2.x parses them, parentheses the author wrote, the raw text of string and path
 * literals (so escapes survive formatting), and comments attached to expressions, bindings, list items
 * and formals (the printer puts them on the tokens nixfmt would, `lib/nixfmt/fromAst.ts`; formatting
 * source text keeps token-level comments through `lib/nixfmt/fromCst.ts`). Source positions and whitespace are not kept; blank lines are kept as an `emptyLine`
 * trivium because the format preserves one.
 *
 * Every node kind is one member of a discriminated union on `type`; consumers `switch` on it and end
 * with an `assertNever` so a new node kind cannot be forgotten.
 *
 * @module
 */

// ---------------------------------------------------------------------------------------------------
// Comments and trivia
// ---------------------------------------------------------------------------------------------------

import { NixEmitError } from "../errors.js";

/** `# text` (the text after `#`, without the newline). A one-line `/* x *\/` is normalised to this. */
export interface LineComment {
  readonly type: "lineComment";
  readonly text: string;
}

/**
 * `/* ... *\/` or a `/** ... *\/` doc comment spanning several lines. `lines` hold the text between the
 * delimiters, one entry per source line, with the common indentation removed.
 */
export interface BlockComment {
  readonly type: "blockComment";
  readonly doc: boolean;
  readonly lines: readonly string[];
}

/**
 * A blank line the author left before a node or a closing bracket (the format keeps one, as nixfmt
 * keeps blank lines in a token's leading trivia).
 */
export interface EmptyLine {
  readonly type: "emptyLine";
}

/** Comments and blank lines kept around nodes. */
export type Trivium = LineComment | BlockComment | EmptyLine;

/** Comments around a node: `before` it (own lines) and one `# trailing` comment after it on its line. */
export interface Comments {
  readonly before?: readonly Trivium[];
  readonly trailing?: string;
}

/** Fields every node may carry. */
export interface NodeBase {
  readonly comments?: Comments;
}

// ---------------------------------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------------------------------

/** A non-negative integer literal, `42`. Negative numbers are `unary("-", int)`, as Nix parses them. */
export interface IntLit extends NodeBase {
  readonly type: "int";
  /** Always `0n <= value <= 9223372036854775807n`. */
  readonly value: bigint;
}

/**
 * A non-negative float literal, `1.5`, `1.0e300`. `text` is the literal exactly as printed; it follows
 * Nix's float grammar (a decimal point is required: `1.0e300`, never `1e300`).
 */
export interface FloatLit extends NodeBase {
  readonly type: "float";
  readonly text: string;
}

/**
 * A piece of literal text inside a string or path, as written in the source between the delimiters:
 * escapes are kept escaped (`\n`, `''$`), so formatting never changes them. Use the builders
 * (`n.str`, `escapeDoubleQuoted`) to create it from a plain value; the printer rejects raw text
 * that would end the literal early or open an interpolation.
 */
export interface TextPart {
  readonly type: "text";
  readonly raw: string;
}

/** `${expr}` inside a string, path or attribute name. */
export interface Interpolation extends NodeBase {
  readonly type: "interpolation";
  readonly expr: Expr;
}

/** A piece of a string or path: literal text or an interpolation. */
export type StringPart = TextPart | Interpolation;

/**
 * A string: `"a ${b} c"` (`style: "double"`) or an indented string `'' ... ''` (`style: "indented"`).
 * For indented strings, `parts` hold the text with the common indentation already removed and lines
 * separated by `\n`; the printer re-indents it.
 */
export interface StringLit extends NodeBase {
  readonly type: "string";
  readonly style: "double" | "indented";
  readonly parts: readonly StringPart[];
}

/**
 * A path literal: `./a/b.nix`, `../x`, `/abs`, `~/home`, `./dir/${name}.nix`. The first part is a text
 * part holding the prefix (`./`, `../`, `/`, `~/`).
 */
export interface PathLit extends NodeBase {
  readonly type: "path";
  readonly parts: readonly StringPart[];
}

/** A search path `<nixpkgs>` or `<nixpkgs/lib>`; `path` is the text between the angle brackets. */
export interface SearchPath extends NodeBase {
  readonly type: "searchPath";
  readonly path: string;
}

/** An identifier reference: `x`, `config`, `true`, `null`. */
export interface Ident extends NodeBase {
  readonly type: "ident";
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------------
// Attribute names, bindings, attribute sets
// ---------------------------------------------------------------------------------------------------

/**
 * One component of an attribute path: a plain identifier `a`, a string `"a-b.c"` (possibly with
 * interpolation), or a dynamic `${expr}`.
 */
export type AttrName = Ident | StringLit | Interpolation;

/** `a.b."c" = value;` */
export interface Assignment extends NodeBase {
  readonly type: "assignment";
  readonly path: readonly AttrName[];
  readonly value: Expr;
}

/** `inherit a b;` or `inherit (from) a b;` */
export interface Inherit extends NodeBase {
  readonly type: "inherit";
  readonly from?: Expr;
  readonly names: readonly AttrName[];
  /** Layout hint kept from the source: `inherit` and `;` were on different lines (non-strict mode only). */
  readonly multiline?: boolean;
}

/** A binding of an attribute set or `let`. */
export type Binding = Assignment | Inherit;

/** `{ a = 1; }` or `rec { a = 1; b = a; }`. `endComments` stand before the closing `}`. */
export interface AttrSet extends NodeBase {
  readonly type: "attrs";
  readonly rec: boolean;
  readonly bindings: readonly Binding[];
  readonly endComments?: readonly Trivium[];
  /**
   * Layout hint kept from the source: the brackets were on different lines. Only the default
   * (non-strict) formatting mode reads it; `print` in strict mode ignores it.
   */
  readonly multiline?: boolean;
}

/** `[ a b c ]`. Comments on items live on the items; `endComments` stand before the closing `]`. */
export interface List extends NodeBase {
  readonly type: "list";
  readonly items: readonly Expr[];
  readonly endComments?: readonly Trivium[];
  /**
   * Layout hint kept from the source: the brackets were on different lines. Only the default
   * (non-strict) formatting mode reads it; `print` in strict mode ignores it.
   */
  readonly multiline?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Compound expressions
// ---------------------------------------------------------------------------------------------------

/** `expr.a.b` or `expr.a.b or fallback` */
export interface Select extends NodeBase {
  readonly type: "select";
  readonly expr: Expr;
  readonly path: readonly AttrName[];
  readonly orDefault?: Expr;
}

/** `expr ? a.b` */
export interface HasAttr extends NodeBase {
  readonly type: "hasAttr";
  readonly expr: Expr;
  readonly path: readonly AttrName[];
}

/** `fn arg` (curried: `f a b` is `apply(apply(f, a), b)`). */
export interface Apply extends NodeBase {
  readonly type: "apply";
  readonly fn: Expr;
  readonly arg: Expr;
}

/** Unary operators: `!` (not) and `-` (negation). */
export type UnaryOp = "!" | "-";

/** `!expr` or `-expr` */
export interface Unary extends NodeBase {
  readonly type: "unary";
  readonly op: UnaryOp;
  readonly expr: Expr;
}

/** Binary operators of Nix (without the experimental pipes). */
export type BinaryOp =
  "++" | "*" | "/" | "+" | "-" | "//" | "<" | ">" | "<=" | ">=" | "==" | "!=" | "&&" | "||" | "->";

/** `left op right` */
export interface Binary extends NodeBase {
  readonly type: "binary";
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `let bindings in body` */
export interface Let extends NodeBase {
  readonly type: "let";
  readonly bindings: readonly Binding[];
  readonly body: Expr;
  readonly endComments?: readonly Trivium[];
}

/** `with env; body` */
export interface With extends NodeBase {
  readonly type: "with";
  readonly env: Expr;
  readonly body: Expr;
}

/** `assert cond; body` */
export interface Assert extends NodeBase {
  readonly type: "assert";
  readonly cond: Expr;
  readonly body: Expr;
}

/** `if cond then a else b` */
export interface If extends NodeBase {
  readonly type: "if";
  readonly cond: Expr;
  readonly then: Expr;
  readonly else: Expr;
  /** Comments (and a blank line) on their own lines before the `then` keyword. */
  readonly thenComments?: readonly Trivium[];
  /** Comments (and a blank line) on their own lines before the `else` keyword. */
  readonly elseComments?: readonly Trivium[];
}

/** One formal of a set pattern: `name` or `name ? default`. */
export interface Formal extends NodeBase {
  readonly type: "formal";
  readonly name: string;
  readonly default?: Expr;
}

/** `x:` */
export interface IdentParam {
  readonly type: "identParam";
  readonly name: string;
}

/**
 * `{ a, b ? 1, ... }:` with an optional `@` binding written before (`args@{ ... }`) or after
 * (`{ ... }@args`) the set.
 */
export interface SetParam {
  readonly type: "setParam";
  readonly formals: readonly Formal[];
  readonly ellipsis: boolean;
  readonly bind?: { readonly name: string; readonly position: "before" | "after" };
  readonly endComments?: readonly Trivium[];
  /**
   * Layout hint kept from the source: the brackets were on different lines. Only the default
   * (non-strict) formatting mode reads it; `print` in strict mode ignores it.
   */
  readonly multiline?: boolean;
}

/** A lambda parameter: `x` or a formal set. */
export type Param = IdentParam | SetParam;

/** `param: body` */
export interface Lambda extends NodeBase {
  readonly type: "lambda";
  readonly param: Param;
  readonly body: Expr;
  /** Layout hint kept from the source: the body started on a new line after `:` (non-strict mode only). */
  readonly bodyOnNewLine?: boolean;
}

/** `(expr)`, kept where the author (or a builder) asked for it. The printer adds others as needed. */
export interface Paren extends NodeBase {
  readonly type: "paren";
  readonly expr: Expr;
}

/** Every Nix expression. */
export type Expr =
  | IntLit
  | FloatLit
  | StringLit
  | PathLit
  | SearchPath
  | Ident
  | AttrSet
  | List
  | Select
  | HasAttr
  | Apply
  | Unary
  | Binary
  | Let
  | With
  | Assert
  | If
  | Lambda
  | Paren;

/** The `type` tag of every expression kind. */
export type ExprType = Expr["type"];

/** A whole file: its expression and the comments after it. */
export interface SourceFile {
  readonly type: "file";
  readonly expr: Expr;
  readonly endComments?: readonly Trivium[];
}

/** Any node kind, for generic walkers. */
export type Node = Expr | Binding | Formal | Interpolation | TextPart | SourceFile;

/** Exhaustiveness check for `switch` statements over node kinds. */
export function assertNever(value: never, what = "node"): never {
  const type = (value as { type?: unknown } | null)?.type;
  // Reached at run time only by objects that are not nodes (hand-made or parsed from JSON). The
  // message names the kind and the first keys, never the whole value (it may be megabytes).
  const keys =
    typeof value === "object" && value !== null ? Object.keys(value as object).slice(0, 5) : [];
  throw new NixEmitError({
    path: "",
    message: `unexpected ${what}: ${
      typeof type === "string"
        ? JSON.stringify(type.slice(0, 40))
        : keys.length > 0
          ? `an object with keys ${keys.join(", ")}`
          : String(value).slice(0, 40)
    }`,
    hint: "build nodes with the n.* builders (or parse them); hand-made objects are not nodes",
  });
}
