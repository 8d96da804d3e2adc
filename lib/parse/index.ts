/**
 * `parse`: Nix source into the nix-emit AST, comments included, through tree-sitter-nix.
 *
 * ```ts
 * import { parse } from "nix-emit/parse";
 * const result = parse("{ a = 1; }", { file: "a.nix" }); // Either<ParseError, SourceFile>
 * ```
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import type {
  AttrName,
  Binding,
  BlockComment,
  Expr,
  Formal,
  LineComment,
  Param,
  SourceFile,
  StringLit,
  StringPart,
  Trivium,
} from "../ast/nodes.js";
import { type SyntaxNode, fieldChild, parseCst } from "./treeSitter.js";
import { markNode } from "../ast/build.js";

/** A syntax error, located in the source. */
export interface ParseError {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
  /** `file:line:column: message`, the source line and a caret under the column. */
  readonly formatted: string;
}

/** Options of `parse`. */
export interface ParseOptions {
  /** File name for error messages; default `<stdin>`. */
  readonly file?: string;
}

class SyntaxError_ extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

function locate(source: string, index: number): { line: number; column: number; text: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index && i < source.length; i++)
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  const end = source.indexOf("\n", start);
  return { line, column: index - start + 1, text: source.slice(start, end < 0 ? undefined : end) };
}

/** A `ParseError` at `index` of `source`, with the line and a caret under the column. */
export function makeError(
  source: string,
  file: string,
  index: number,
  message: string,
): ParseError {
  const { line, column, text } = locate(source, index);
  const shown = text.length > 200 ? text.slice(0, 200) + "…" : text;
  const caret = " ".repeat(Math.min(column - 1, 200)) + "^";
  return {
    file,
    line,
    column,
    message,
    formatted: `${file}:${line}:${column}: ${message}\n  ${shown}\n  ${caret}`,
  };
}

/**
 * Reads Nix source into tree-sitter-nix's syntax tree and reports the first syntax error. The
 * tree may be of a masked copy of the source (same length; take all text from `source`).
 */
export function checkedCst(
  source: string,
  options: ParseOptions = {},
): E.Either<ParseError, SyntaxNode> {
  const file = options.file ?? "<stdin>";
  if (source.includes("\u0000"))
    return E.left(
      makeError(
        source,
        file,
        source.indexOf("\u0000"),
        "NUL byte in input: this is not a Nix file",
      ),
    );
  if (source.startsWith("\uFEFF"))
    return E.left(
      makeError(
        source,
        file,
        0,
        "byte-order mark (U+FEFF) at the start: Nix does not read it (nor does nixfmt); save the file as UTF-8 without BOM",
      ),
    );
  // A `#` comment ends at `\r` as at `\n` (Nix's lexer): `# hdr\r{ a = 1; }` is a set.
  if (source.trim() === "" || /^(\s|#[^\r\n]*([\r\n]|$))*$/.test(source))
    return E.left(makeError(source, file, 0, "empty file: a Nix file must contain one expression"));
  let root: SyntaxNode;
  try {
    root = parseCst(mask(source));
  } catch (err) {
    return E.left(makeError(source, file, 0, `the parser failed: ${(err as Error).message}`));
  }
  const problem = findError(root, source);
  if (problem) return E.left(makeError(source, file, problem.index, problem.message));
  return E.right(root);
}

/**
 * Works around gaps of tree-sitter-nix 0.0.2 with a copy of the same length (all text is taken
 * from the original): `~/${x}` paths read as `./`; a lone `\r`, which ends a comment in Nix, as
 * `\n`; the pipe operators `|>` and `<|` (newer than the grammar) as `->`, the operator of lowest
 * precedence it knows (the converters read the real operator from the source).
 */
function mask(source: string): string {
  return source
    .replace(/~\//g, "./")
    .replace(/\r(?!\n)/g, "\n")
    .replace(/\|>|<\|/g, "->");
}

/** Parses Nix source. Never throws: a syntax error is a `Left` with its position. */
export function parse(
  source: string,
  options: ParseOptions = {},
): E.Either<ParseError, SourceFile> {
  const file = options.file ?? "<stdin>";
  const cst = checkedCst(source, options);
  if (E.isLeft(cst)) return cst;
  try {
    return E.right(new Converter(source, cst.right).file());
  } catch (err) {
    if (err instanceof SyntaxError_) return E.left(makeError(source, file, err.index, err.message));
    if (err instanceof RangeError)
      return E.left(makeError(source, file, 0, "input nested too deeply to parse"));
    throw err;
  }
}

/** Like `parse`, but throws an Error with the formatted message. */
export function parseOrThrow(source: string, options: ParseOptions = {}): SourceFile {
  const r = parse(source, options);
  if (E.isLeft(r)) throw new Error(r.left.formatted);
  return r.right;
}

// ---------------------------------------------------------------------------------------------------
// Syntax errors (tree-sitter recovers from errors; we report the first one)
// ---------------------------------------------------------------------------------------------------

/** `{ a, b, }`: tree-sitter-nix 0.0.2 predates trailing commas in formals. */
function isTrailingCommaArtifact(node: SyntaxNode, parent: SyntaxNode | null): boolean {
  if (parent?.type !== "formals") return false;
  const siblings = parent.children.filter((c) => c.type !== "comment");
  const i = siblings.findIndex((c) => c.startIndex === node.startIndex && c.type === node.type);
  const next = siblings[i + 1];
  const closesNext = next?.type === "}";
  if (node.type === "formal" && node.childCount === 1 && node.child(0)!.isMissing())
    return closesNext;
  if (node.type === "ERROR" && node.text.trim() === ",") return closesNext;
  return false;
}

/** `inherit ;` and `inherit (x) ;`: tree-sitter-nix 0.0.2 wants at least one name; Nix does not. */
function isEmptyInheritArtifact(node: SyntaxNode, parent: SyntaxNode | null): boolean {
  return (
    node.isMissing() &&
    parent?.type === "inherited_attrs" &&
    parent.namedChildren.every((c) => c.isMissing() || c.type === "comment")
  );
}

function findError(
  root: SyntaxNode,
  source: string,
): { index: number; message: string } | undefined {
  if (!root.hasError()) return undefined;
  const stack: Array<[SyntaxNode, SyntaxNode | null]> = [[root, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (isTrailingCommaArtifact(node, parent) || isEmptyInheritArtifact(node, parent)) continue;
    if (node.isMissing())
      return { index: node.startIndex, message: `syntax error: missing ${describe(node.type)}` };
    if (node.type === "ERROR") {
      const nested = node.children.find((c) => c.type === "ERROR" || c.isMissing());
      if (nested) {
        stack.push([nested, node]);
        continue;
      }
      const text0 = source.slice(node.startIndex, node.endIndex).trimStart();
      if (text0.startsWith('"') || text0.startsWith("''"))
        return { index: node.startIndex, message: "syntax error: unterminated string" };
      if (node.childCount > 1 && node.endIndex >= source.trimEnd().length)
        return { index: source.trimEnd().length, message: "syntax error: unexpected end of input" };
      const text = source.slice(node.startIndex, node.endIndex).trim();
      const first = text.split(/\s+/)[0] ?? "";
      return {
        index: node.startIndex,
        message: `syntax error: unexpected ${first === "" ? "end of input" : JSON.stringify(first.slice(0, 40))}`,
      };
    }
    if (!node.hasError()) continue;
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, node]);
  }
  // Only the trailing-comma artifacts were errors.
  return undefined;
}

function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, " ") : `"${type}"`;
}

// ---------------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------------

interface RawComment {
  readonly start: number;
  readonly end: number;
  readonly startRow: number;
  readonly column: number;
  readonly text: string;
  /** Code precedes it on its line. */
  readonly afterCode: boolean;
}

function toTrivium(c: RawComment): Trivium | undefined {
  if (c.text.startsWith("#")) return { type: "lineComment", text: c.text.slice(1).trimEnd() };
  const isDoc = c.text.startsWith("/**") && c.text !== "/**/";
  const inner = c.text.slice(isDoc ? 3 : 2, -2);
  let lines = inner.split(/\r?\n/).map((l) => l.trimEnd());
  if (lines.length === 1 && !isDoc) {
    const t = lines[0]!.trim();
    return t === "" ? undefined : ({ type: "lineComment", text: " " + t } satisfies LineComment);
  }
  // Drop a leading `*` column (" * text" style), then the common indentation.
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  if (rest.length > 0 && rest.every((l) => /^\s*\*( |$)/.test(l)))
    lines = [lines[0]!, ...lines.slice(1).map((l) => l.replace(/^\s*\* ?/, ""))];
  const firstBlank = lines[0]!.trim() === "";
  let head: string[] = [];
  if (firstBlank) lines.shift();
  else head = [lines.shift()!.trim()];
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const indents = lines.filter((l) => l !== "").map((l) => /^ */.exec(l)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const out = [...head, ...lines.map((l) => l.slice(common))];
  while (out.length > 0 && out[0] === "") out.shift();
  if (out.length === 0) return undefined;
  return { type: "blockComment", doc: isDoc, lines: out } satisfies BlockComment;
}

// ---------------------------------------------------------------------------------------------------
// CST to AST
// ---------------------------------------------------------------------------------------------------

const MAX_INT = 9223372036854775807n;

/** Nodes whose first token belongs to their left-most child expression. */
const LEFT_CHILD_FIRST = new Set([
  "apply_expression",
  "binary_expression",
  "select_expression",
  "has_attr_expression",
]);

class Converter {
  private readonly comments: RawComment[] = [];
  private next = 0;

  constructor(
    private readonly source: string,
    private readonly root: SyntaxNode,
  ) {
    // One native call finds them all; walking `children` from JS costs seconds per megabyte.
    for (const node of root.descendantsOfType("comment")) {
      const lineStart = source.lastIndexOf("\n", node.startIndex - 1) + 1;
      this.comments.push({
        start: node.startIndex,
        end: node.endIndex,
        startRow: node.startPosition.row,
        column: node.startPosition.column,
        text: this.src(node),
        afterCode: source.slice(lineStart, node.startIndex).trim() !== "",
      });
    }
    this.comments.sort((a, b) => a.start - b.start);
  }

  /** A node's source text (from the original source: the parser saw a masked copy). */
  private src(node: SyntaxNode): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  file(): SourceFile {
    const exprNode = fieldChild(this.root, "expression");
    if (!exprNode) throw new SyntaxError_(0, "empty file: a Nix file must contain one expression");
    const expr = this.expr(exprNode);
    const end = this.leading(Infinity, false);
    return end.length > 0 ? { type: "file", expr, endComments: end } : { type: "file", expr };
  }

  /**
   * Comments that start before `pos` and are not yet attached, as leading trivia; with
   * `blankLines`, a blank line in the source before a comment or before `pos` is kept as one
   * `emptyLine` (as nixfmt keeps blank lines in a token's leading trivia).
   */
  private leading(pos: number, blankLines: boolean): Trivium[] {
    const out: Trivium[] = [];
    const first = this.comments[this.next];
    let gap = this.codeEndBefore(first && first.start < pos ? first.start : pos);
    const blank = (to: number) => {
      if (!blankLines) return;
      let lines = 0;
      for (let i = gap; i < to && i < this.source.length; i++)
        if (this.source.charCodeAt(i) === 10) lines++;
      if (lines >= 2) out.push({ type: "emptyLine" });
    };
    while (this.next < this.comments.length && this.comments[this.next]!.start < pos) {
      const c = this.comments[this.next++]!;
      blank(c.start);
      const t = toTrivium(c);
      if (t) out.push(t);
      gap = c.end;
    }
    if (pos !== Infinity) blank(pos);
    return out;
  }

  /** The end of the last non-blank character before `index`. */
  private codeEndBefore(index: number): number {
    let i = Math.min(index, this.source.length);
    while (i > 0 && /\s/.test(this.source[i - 1]!)) i--;
    return i;
  }

  /** A `# comment` on the same line as code ending at `row`, if the next comment is one. */
  private trailing(row: number, before: number, after?: number): string | undefined {
    const c = this.comments[this.next];
    if (!c || c.startRow !== row || c.start >= before || !c.afterCode) return undefined;
    // Only when nothing but blanks (or a `,`) stands between the code and the comment.
    if (after !== undefined && !/^[\s,]*$/.test(this.source.slice(after, c.start)))
      return undefined;
    const t = toTrivium(c);
    if (t?.type !== "lineComment") return undefined;
    this.next++;
    return t.text.trim();
  }

  private withBefore<
    T extends { readonly comments?: { before?: readonly Trivium[]; trailing?: string } },
  >(node: T, before: Trivium[], trailing?: string): T {
    if (before.length === 0 && trailing === undefined) return node;
    const prev = node.comments ?? {};
    return {
      ...node,
      comments: {
        ...prev,
        ...(before.length > 0 ? { before: [...before, ...(prev.before ?? [])] } : {}),
        ...(trailing !== undefined ? { trailing } : {}),
      },
    };
  }

  expr(node: SyntaxNode): Expr {
    // A comment belongs to the first token after it (as in nixfmt): when that token starts a child
    // (the function of a call, the left operand), the child takes the comment.
    // Parsed nodes are nodes like builder-made ones (marked), so they can be interpolated.
    if (LEFT_CHILD_FIRST.has(node.type)) return markNode(this.exprCore(node));
    const before = this.leading(node.startIndex, true);
    return markNode(this.withBefore(this.exprCore(node), before));
  }

  private field(node: SyntaxNode, name: string): SyntaxNode {
    const f = fieldChild(node, name);
    if (!f)
      throw new SyntaxError_(
        node.startIndex,
        `syntax error: ${describe(node.type)} without ${name}`,
      );
    return f;
  }

  private exprCore(node: SyntaxNode): Expr {
    switch (node.type) {
      case "integer_expression": {
        const value = BigInt(this.src(node));
        if (value > MAX_INT)
          throw new SyntaxError_(
            node.startIndex,
            `integer ${this.src(node)} is too large (at most 9223372036854775807)`,
          );
        return { type: "int", value };
      }
      case "float_expression": {
        const text = this.src(node);
        // Nix writes `.5` as a float; keep the text, but give it a leading 0 only if Nix would.
        return { type: "float", text };
      }
      case "variable_expression":
        return { type: "ident", name: this.src(node) };
      case "string_expression":
        return this.string(node, "double");
      case "indented_string_expression":
        return this.string(node, "indented");
      case "path_expression":
      case "hpath_expression":
        return { type: "path", parts: this.pathParts(node) };
      case "spath_expression":
        return { type: "searchPath", path: this.src(node).slice(1, -1) };
      case "uri_expression":
        return { type: "string", style: "double", parts: [{ type: "text", raw: this.src(node) }] };
      case "parenthesized_expression":
        return { type: "paren", expr: this.expr(this.field(node, "expression")) };
      case "attrset_expression":
      case "rec_attrset_expression":
        return this.attrset(node, node.type === "rec_attrset_expression");
      case "let_attrset_expression":
        throw new SyntaxError_(
          node.startIndex,
          "the legacy `let { ... }` form is not supported; write `let ... in`",
        );
      case "list_expression":
        return this.list(node);
      case "select_expression": {
        const base = this.expr(this.field(node, "expression"));
        const path = this.attrpath(this.field(node, "attrpath"));
        const def = fieldChild(node, "default");
        return def
          ? { type: "select", expr: base, path, orDefault: this.expr(def) }
          : { type: "select", expr: base, path };
      }
      case "has_attr_expression":
        return {
          type: "hasAttr",
          expr: this.expr(this.field(node, "expression")),
          path: this.attrpath(this.field(node, "attrpath")),
        };
      case "apply_expression":
        return {
          type: "apply",
          fn: this.expr(this.field(node, "function")),
          arg: this.expr(this.field(node, "argument")),
        };
      case "unary_expression": {
        const op = this.field(node, "operator").type as "!" | "-";
        return { type: "unary", op, expr: this.expr(this.field(node, "argument")) };
      }
      case "binary_expression": {
        const left = this.expr(this.field(node, "left"));
        const opNode = this.field(node, "operator");
        if (this.src(opNode) !== opNode.type)
          throw new SyntaxError_(
            opNode.startIndex,
            `the pipe operator ${this.src(opNode)} is experimental Nix and not in nix-emit's syntax tree (nix-emit fmt formats it)`,
          );
        const op = opNode.type as Extract<Expr, { type: "binary" }>["op"];
        return { type: "binary", op, left, right: this.expr(this.field(node, "right")) };
      }
      case "let_expression": {
        const set = node.namedChildren.find((c) => c.type === "binding_set");
        const inToken = node.children.find((c) => c.type === "in")!;
        const bindings = set ? this.bindings(set) : [];
        const end = this.leading(inToken.startIndex, true);
        const body = this.expr(this.field(node, "body"));
        return end.length > 0
          ? { type: "let", bindings, body, endComments: end }
          : { type: "let", bindings, body };
      }
      case "with_expression":
        return {
          type: "with",
          env: this.expr(this.field(node, "environment")),
          body: this.expr(this.field(node, "body")),
        };
      case "assert_expression":
        return {
          type: "assert",
          cond: this.expr(this.field(node, "condition")),
          body: this.expr(this.field(node, "body")),
        };
      case "if_expression": {
        // Comments before `then` and `else` stay before the keyword (nixfmt's token trivia).
        const cond = this.expr(this.field(node, "condition"));
        const thenToken = node.children.find((c) => c.type === "then")!;
        const thenComments = this.leading(thenToken.startIndex, true);
        const then = this.expr(this.field(node, "consequence"));
        const elseToken = node.children.find((c) => c.type === "else")!;
        const elseComments = this.leading(elseToken.startIndex, true);
        return {
          type: "if",
          cond,
          then,
          else: this.expr(this.field(node, "alternative")),
          ...(thenComments.length > 0 ? { thenComments } : {}),
          ...(elseComments.length > 0 ? { elseComments } : {}),
        };
      }
      case "function_expression":
        return this.lambda(node);
      default:
        throw new SyntaxError_(node.startIndex, `syntax error: unexpected ${describe(node.type)}`);
    }
  }

  private lambda(node: SyntaxNode): Expr {
    const formalsNode = fieldChild(node, "formals");
    const universal = fieldChild(node, "universal");
    const colon = node.children.find((c) => c.type === ":")!;
    const bodyNode = this.field(node, "body");
    let param: Param;
    if (!formalsNode) {
      param = { type: "identParam", name: this.src(universal!) };
    } else {
      const p = this.formals(formalsNode);
      param = universal
        ? {
            ...p,
            bind: {
              name: this.src(universal),
              position: universal.startIndex < formalsNode.startIndex ? "before" : "after",
            },
          }
        : p;
    }
    const bodyOnNewLine = bodyNode.startPosition.row > colon.endPosition.row;
    const body = this.expr(bodyNode);
    return bodyOnNewLine
      ? { type: "lambda", param, body, bodyOnNewLine }
      : { type: "lambda", param, body };
  }

  private formals(node: SyntaxNode): Extract<Param, { type: "setParam" }> {
    const formals: Formal[] = [];
    let ellipsis = false;
    const open = node.child(0)!;
    const close = node.children[node.childCount - 1]!;
    const kids = node.children;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      if (k.type === "formal") {
        if (isTrailingCommaArtifact(k, node)) continue;
        const before = this.leading(k.startIndex, true);
        const name = this.src(this.field(k, "name"));
        const def = fieldChild(k, "default");
        let f: Formal = def
          ? { type: "formal", name, default: this.expr(def) }
          : { type: "formal", name };
        const comma = kids[i + 1]?.type === "," ? kids[i + 1]! : k;
        const trailing = this.trailing(comma.endPosition.row, close.startIndex, comma.endIndex);
        f = this.withBefore(f, before, trailing);
        formals.push(f);
      } else if (k.type === "ellipses") {
        ellipsis = true;
      }
    }
    const end = this.leading(close.startIndex, true);
    const multiline = close.startPosition.row > open.startPosition.row;
    return {
      type: "setParam",
      formals,
      ellipsis,
      ...(end.length > 0 ? { endComments: end } : {}),
      ...(multiline ? { multiline } : {}),
    };
  }

  private attrset(node: SyntaxNode, rec: boolean): Expr {
    const open = node.children.find((c) => c.type === "{")!;
    const close = node.children[node.childCount - 1]!;
    const set = node.namedChildren.find((c) => c.type === "binding_set");
    const bindings = set ? this.bindings(set) : [];
    const end = this.leading(close.startIndex, true);
    const multiline = close.startPosition.row > open.startPosition.row;
    return {
      type: "attrs",
      rec,
      bindings,
      ...(end.length > 0 ? { endComments: end } : {}),
      ...(multiline ? { multiline } : {}),
    };
  }

  private bindings(set: SyntaxNode): Binding[] {
    const out: Binding[] = [];
    for (const b of set.namedChildren) {
      if (b.type === "comment") continue;
      const before = this.leading(b.startIndex, true);
      let binding: Binding;
      if (b.type === "binding") {
        binding = {
          type: "assignment",
          path: this.attrpath(this.field(b, "attrpath")),
          value: this.expr(this.field(b, "expression")),
        };
      } else if (b.type === "inherit" || b.type === "inherit_from") {
        const attrs = this.field(b, "attrs");
        const from = b.type === "inherit_from" ? this.expr(this.field(b, "expression")) : undefined;
        const names = attrs.namedChildren
          .filter((c) => c.type !== "comment" && !c.isMissing())
          .map((c) => this.attrName(c));
        const multiline = b.endPosition.row > b.startPosition.row;
        binding = {
          type: "inherit",
          names,
          ...(from ? { from } : {}),
          ...(multiline ? { multiline } : {}),
        };
      } else {
        throw new SyntaxError_(b.startIndex, `syntax error: unexpected ${describe(b.type)}`);
      }
      const trailing = this.trailing(b.endPosition.row, Infinity, b.endIndex);
      out.push(this.withBefore(binding, before, trailing));
    }
    return out;
  }

  private list(node: SyntaxNode): Expr {
    const open = node.child(0)!;
    const close = node.children[node.childCount - 1]!;
    const items: Expr[] = [];
    for (const k of node.namedChildren) {
      if (k.type === "comment") continue;
      const before = this.leading(k.startIndex, true);
      const item = this.exprCore(k);
      const trailing = this.trailing(k.endPosition.row, close.startIndex, k.endIndex);
      items.push(this.withBefore(item, before, trailing));
    }
    const end = this.leading(close.startIndex, true);
    const multiline = close.startPosition.row > open.startPosition.row;
    return {
      type: "list",
      items,
      ...(end.length > 0 ? { endComments: end } : {}),
      ...(multiline ? { multiline } : {}),
    };
  }

  private attrpath(node: SyntaxNode): AttrName[] {
    return node.namedChildren.filter((c) => c.type !== "comment").map((c) => this.attrName(c));
  }

  private attrName(node: SyntaxNode): AttrName {
    switch (node.type) {
      case "identifier":
        return { type: "ident", name: this.src(node) };
      case "string_expression":
        return this.string(node, "double");
      case "interpolation":
        return { type: "interpolation", expr: this.expr(this.field(node, "expression")) };
      default:
        throw new SyntaxError_(
          node.startIndex,
          `syntax error: unexpected ${describe(node.type)} in an attribute path`,
        );
    }
  }

  /** Raw text and interpolations between a string's delimiters. */
  private rawParts(node: SyntaxNode, from: number, to: number): StringPart[] {
    const parts: StringPart[] = [];
    let pos = from;
    for (const k of node.namedChildren) {
      if (k.type !== "interpolation") continue;
      if (k.startIndex > pos)
        parts.push({ type: "text", raw: this.source.slice(pos, k.startIndex) });
      parts.push({ type: "interpolation", expr: this.expr(this.field(k, "expression")) });
      pos = k.endIndex;
    }
    if (to > pos) parts.push({ type: "text", raw: this.source.slice(pos, to) });
    return parts;
  }

  private pathParts(node: SyntaxNode): StringPart[] {
    return this.rawParts(node, node.startIndex, node.endIndex);
  }

  private string(node: SyntaxNode, style: "double" | "indented"): StringLit {
    const delim = style === "double" ? 1 : 2;
    const parts = this.rawParts(node, node.startIndex + delim, node.endIndex - delim);
    if (style === "double") return { type: "string", style, parts };
    return { type: "string", style, parts: stripIndentation(parts) };
  }
}

type Line = StringPart[];

/** Nix's indented-string rules on raw text: drop a blank first line, strip common indentation. */
function stripIndentation(parts: readonly StringPart[]): StringPart[] {
  const lines: Line[] = [[]];
  for (const p of parts) {
    if (p.type === "interpolation") lines[lines.length - 1]!.push(p);
    else
      p.raw.split("\n").forEach((piece, i) => {
        if (i > 0) lines.push([]);
        if (piece !== "") lines[lines.length - 1]!.push({ type: "text", raw: piece });
      });
  }
  const isEmpty = (l: Line) =>
    l.length === 0 || (l.length === 1 && l[0]!.type === "text" && /^ *$/.test(l[0]!.raw));
  if (lines.length > 1 && isEmpty(lines[0]!)) lines.shift();
  if (isEmpty(lines[lines.length - 1]!)) lines[lines.length - 1] = [];
  const heads = lines
    .filter((l) => !isEmpty(l))
    .map((l) => (l[0]!.type === "text" ? l[0]!.raw : ""));
  let common: string | undefined;
  for (const h of heads) {
    const lead = /^ */.exec(h)![0];
    common = common === undefined || lead.length < common.length ? lead : common;
  }
  const strip = common ?? "";
  const stripped = lines.map((l) => {
    if (common === undefined) return [] as Line;
    const [first, ...rest] = l;
    if (first?.type !== "text") return l;
    const raw = first.raw.startsWith(strip) ? first.raw.slice(strip.length) : "";
    return raw === "" ? rest : [{ type: "text" as const, raw }, ...rest];
  });
  const out: StringPart[] = [];
  stripped.forEach((l, i) => {
    if (i > 0) {
      const last = out[out.length - 1];
      if (last?.type === "text") out[out.length - 1] = { type: "text", raw: last.raw + "\n" };
      else out.push({ type: "text", raw: "\n" });
    }
    for (const p of l) {
      const last = out[out.length - 1];
      if (p.type === "text" && last?.type === "text")
        out[out.length - 1] = { type: "text", raw: last.raw + p.raw };
      else out.push(p);
    }
  });
  return out;
}
