/**
 * tree-sitter-nix's syntax tree into the nix-emit AST. Comments attach to the expression, binding,
 * item or formal they precede (or end the line of); blank lines are kept as trivia.
 *
 * @module
 */
import type {
  AttrName,
  Binding,
  Expr,
  Formal,
  Param,
  SourceFile,
  StringLit,
  StringPart,
  Trivium,
} from "../ast/nodes.js";
import { markNode } from "../ast/build.js";
import { SyntaxError_, describe, isTrailingCommaArtifact } from "./errors.js";
import { type RawComment, toTrivium } from "./trivia.js";
import { type SyntaxNode } from "./treeSitter.js";

const MAX_INT = 9223372036854775807n;

/** Nodes whose first token belongs to their left-most child expression. */
const LEFT_CHILD_FIRST = new Set([
  "apply_expression",
  "binary_expression",
  "select_expression",
  "has_attr_expression",
]);

/** Converts a checked syntax tree into the AST, comments attached to expressions. */
export class Converter {
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
    const exprNode = this.root.field("expression");
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
    const f = node.field(name);
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
        const def = node.field("default");
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
    const formalsNode = node.field("formals");
    const universal = node.field("universal");
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
        const def = k.field("default");
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
