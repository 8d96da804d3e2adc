/**
 * `editNix`: change a Nix file by attribute path and keep every other byte. The concrete syntax tree
 * gives exact positions; only the edited binding is printed (in the official style, at the
 * indentation it sits at), so a file in any style, with its comments and blank lines, stays as it
 * was around the edit.
 */
import * as E from "fp-ts/lib/Either.js";
import { isMarkedNode, n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { AttrSet, Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { type ParseError, parse } from "../parse/index.js";
import { mask } from "../parse/cst.js";
import { parseLightCst, type SyntaxNode } from "../parse/treeSitter.js";
import { print } from "../print/print.js";
import { bindingPath, bindingsOf, type Location, locate, setsOf } from "./locate.js";
import { type AttrPathInput, formatAttrPath, parseAttrPath } from "./path.js";

/** Options of `editNix`. */
export interface EditOptions {
  /** File name for error messages. */
  readonly file?: string;
  /**
   * What to do when an edit would delete a comment inside the replaced or removed binding:
   * `"error"` (default) refuses the edit, `"allow"` goes on and lists it in `lostComments`.
   */
  readonly comments?: "error" | "allow";
}

const WIDTH = 100;

/** The start of the line holding `index`. */
const lineStart = (text: string, index: number) => text.lastIndexOf("\n", index - 1) + 1;
/** The spaces that start the line holding `index`. */
const indentAt = (text: string, index: number) =>
  /^[ \t]*/.exec(text.slice(lineStart(text, index)))![0].length;

/**
 * `path = value;` printed in the official style as it reads at column `indent`: the binding is
 * printed inside an expanded set (so it is laid out as a binding is) and moved to that column.
 */
function printBinding(path: readonly string[], value: Expr, indent: number): string {
  const set: AttrSet = { ...n.attrs([n.assign([...path], value)]), multiline: true };
  const lines = print(set, { width: Math.max(WIDTH - indent + 2, 20), strict: false })
    .trimEnd()
    .split("\n")
    .slice(1, -1);
  return lines
    .map((l, i) => (l === "" ? "" : (i === 0 ? "" : " ".repeat(indent)) + l.slice(2)))
    .join("\n");
}

/**
 * Where a new binding for `path` reads best: after the last binding sharing the longest prefix
 * with it (`networking.firewall.allowedTCPPorts` after `networking.firewall.enable`), at the start
 * of the next line; `undefined` when no binding shares a first name or that binding does not end
 * its line.
 */
function siblingLineEnd(
  text: string,
  bindings: readonly SyntaxNode[],
  path: readonly string[],
  source: string,
): number | undefined {
  let best: SyntaxNode | undefined;
  let bestCommon = 0;
  for (const b of bindings) {
    const names = bindingPath(b, source) ?? [];
    let common = 0;
    while (common < names.length && names[common] === path[common]) common++;
    if (common > 0 && common >= bestCommon) {
      best = b;
      bestCommon = common;
    }
  }
  if (!best) return undefined;
  const end = text.indexOf("\n", best.endIndex);
  if (end < 0) return undefined;
  // Only when the rest of the line is blank or a comment (nothing else would move).
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(best.endIndex, end)) ? end + 1 : undefined;
}

/** The comments inside `[from, to)` of the tree. */
function commentsWithin(root: SyntaxNode, from: number, to: number): SyntaxNode[] {
  return root.descendantsOfType("comment").filter((c) => c.startIndex >= from && c.endIndex <= to);
}

/** An editable Nix file: read by attribute path, set, remove, and print with every other byte kept. */
export class NixDocument {
  private text: string;
  private root: SyntaxNode;
  private readonly options: EditOptions;
  /** Comments deleted by edits made with `comments: "allow"`. */
  readonly lostComments: string[] = [];

  /** @internal Use `editNix`. */
  constructor(source: string, options: EditOptions) {
    this.text = source;
    this.options = options;
    this.root = NixDocument.cst(source);
  }

  // The same-length masks of the parser for tree-sitter-nix 0.0.2's grammar gaps.
  private static cst(source: string): SyntaxNode {
    return parseLightCst(mask(source));
  }

  private sets(): SyntaxNode[] {
    const top = this.root.namedChildren.find((c) => c.type !== "comment") ?? null;
    return setsOf(top);
  }

  private where(path: AttrPathInput): { segments: string[]; at: Location | undefined } {
    const segments = parseAttrPath(path);
    if (E.isLeft(segments)) throw new NixEmitError(segments.left);
    return { segments: segments.right, at: locate(this.sets(), segments.right, this.text) };
  }

  /** The expression at `path` (parsed from the file, comments included), or `undefined`. */
  get(path: AttrPathInput): Expr | undefined {
    const { at } = this.where(path);
    if (at?.kind !== "binding") return undefined;
    const r = parse(this.text.slice(at.value.startIndex, at.value.endIndex));
    return E.isRight(r) ? r.right.expr : undefined;
  }

  /** Whether `path` is bound in the file (by a binding of its own or by longer dotted bindings). */
  has(path: AttrPathInput): boolean {
    const { at } = this.where(path);
    return at !== undefined && at.kind !== "missing";
  }

  /**
   * Sets `path` to `value` (a JS value, converted as `fromValue` does, or an AST node): replaces the
   * binding, or adds `rest.of.path = value;` to the innermost set that exists. Returns `this`.
   */
  set(path: AttrPathInput, value: unknown): this {
    const { segments, at } = this.where(path);
    const expr = isMarkedNode(value) ? value : fromValue(value);
    const where = formatAttrPath(segments);
    if (at === undefined)
      throw new NixEmitError({
        path: where,
        message: "the file has no attribute set to add it to",
        hint: "the file must be (or return, through a function, let, with or lib.mkIf) an attribute set",
      });
    if (at.kind === "prefix")
      throw new NixEmitError({
        path: where,
        message: `is defined by the dotted bindings ${at.bindings
          .map((b) => bindingPath(b, this.text)!.join("."))
          .join(", ")}`,
        hint: "set a longer path, or remove this one first",
      });
    if (at.kind === "binding") {
      const { binding } = at;
      this.guardComments(where, binding.startIndex, binding.endIndex);
      const key = bindingPath(binding, this.text)!;
      const indent = indentAt(this.text, binding.startIndex);
      this.splice(binding.startIndex, binding.endIndex, printBinding(key, expr, indent));
      return this;
    }
    this.insert(at.set, at.rest, expr);
    return this;
  }

  /** Removes the binding at `path` (or every dotted binding below it); `false` if there is none. */
  remove(path: AttrPathInput): boolean {
    const { segments, at } = this.where(path);
    if (at === undefined || at.kind === "missing") return false;
    const bindings = at.kind === "binding" ? [at.binding] : [...at.bindings];
    const where = formatAttrPath(segments);
    for (const b of bindings) this.guardComments(where, b.startIndex, b.endIndex);
    // From the last, so earlier positions stay valid.
    for (const b of [...bindings].sort((x, y) => y.startIndex - x.startIndex)) this.cut(b);
    this.reparse();
    return true;
  }

  /** The edited text; an untouched document gives back its source exactly. */
  toString(): string {
    return this.text;
  }

  private guardComments(where: string, from: number, to: number): void {
    // From the source, not the tree's text: the tree is of the masked copy (`|>` reads as `->`).
    const lost = commentsWithin(this.root, from, to).map((c) =>
      this.text.slice(c.startIndex, c.endIndex),
    );
    if (lost.length === 0) return;
    if (this.options.comments === "allow") {
      this.lostComments.push(...lost);
      return;
    }
    throw new NixEmitError({
      path: where,
      message: `the edit would delete ${lost.length === 1 ? "a comment" : `${lost.length} comments`}: ${lost
        .map((c) => JSON.stringify(c))
        .join(", ")}`,
      hint: 'move the comment out of the binding first, or allow it ({ comments: "allow" }, --allow-comment-loss)',
    });
  }

  /** Removes a binding; its lines go too when nothing else is on them. */
  private cut(binding: SyntaxNode): void {
    const text = this.text;
    let from = binding.startIndex;
    let to = binding.endIndex;
    const before = text.slice(lineStart(text, from), from);
    const afterEnd = text.indexOf("\n", to);
    const after = text.slice(to, afterEnd < 0 ? text.length : afterEnd);
    if (before.trim() === "" && after.trim() === "" && afterEnd >= 0) {
      from = lineStart(text, from);
      to = afterEnd + 1;
    } else if (text[to] === " ") to++;
    else if (text[from - 1] === " ") from--;
    this.text = text.slice(0, from) + text.slice(to);
  }

  private insert(set: SyntaxNode, rest: readonly string[], value: Expr): void {
    const text = this.text;
    const close = set.endIndex - 1;
    const bindings = bindingsOf(set);
    const last = bindings[bindings.length - 1];
    const afterLast = last ? last.endIndex : text.indexOf("{", set.startIndex) + 1;
    const multiline = text.slice(afterLast, close).includes("\n");
    const closeLine = lineStart(text, close);
    if (multiline && text.slice(closeLine, close).trim() === "") {
      const indent = last ? indentAt(text, last.startIndex) : indentAt(text, close) + 2;
      const line = " ".repeat(indent) + printBinding(rest, value, indent) + "\n";
      const at = siblingLineEnd(text, bindings, rest, text) ?? closeLine;
      this.splice(at, at, line);
    } else {
      const indent = indentAt(text, close);
      const one = printBinding(rest, value, indent);
      if (!one.includes("\n")) {
        const gap = text[close - 1] === " " ? "" : " ";
        this.splice(close, close, `${gap}${one} `);
        return;
      }
      // A binding over several lines does not fit a one-line set: the set is expanded, its
      // bindings moved to lines of their own, each kept as written.
      const within = commentsWithin(this.root, set.startIndex, set.endIndex).filter(
        (c) => !bindings.some((b) => c.startIndex >= b.startIndex && c.endIndex <= b.endIndex),
      );
      if (within.length > 0)
        this.guardComments(formatAttrPath(rest), within[0]!.startIndex, set.endIndex);
      const inner = " ".repeat(indent + 2);
      const open = text.indexOf("{", set.startIndex) + 1;
      const lines = bindings.map((b) => inner + text.slice(b.startIndex, b.endIndex));
      lines.push(inner + printBinding(rest, value, indent + 2));
      this.splice(open, set.endIndex, `\n${lines.join("\n")}\n${" ".repeat(indent)}}`);
    }
  }

  private splice(from: number, to: number, replacement: string): void {
    this.text = this.text.slice(0, from) + replacement + this.text.slice(to);
    this.reparse();
  }

  private reparse(): void {
    const check = parse(this.text, { file: this.options.file ?? "<edit>" });
    if (E.isLeft(check))
      throw new NixEmitError({
        path: this.options.file ?? "",
        message: `the edit produced text that does not parse: ${check.left.message}`,
        hint: "this is a bug in nix-emit's editor; please report it with the input file",
      });
    this.root = NixDocument.cst(this.text);
  }
}

/**
 * Opens Nix source for editing. A syntax error is a `Left`, as with `parse`.
 *
 * ```ts
 * const doc = editNix("{ a = 1; }\n");
 * if (E.isRight(doc)) doc.right.set("b.c", true).toString(); // "{ a = 1; b.c = true; }\n"
 * ```
 */
export function editNix(
  source: string,
  options: EditOptions = {},
): E.Either<ParseError, NixDocument> {
  const r = parse(source, options.file === undefined ? {} : { file: options.file });
  if (E.isLeft(r)) return r;
  return E.right(new NixDocument(source, options));
}
