/**
 * `editNix`: change a Nix file by attribute path and keep every other byte. The concrete syntax tree
 * gives exact positions; only the edited binding (or list item) is printed, in the official style,
 * at the indentation it sits at, with the file's indentation unit and line ends. A file in any
 * style, with its comments and blank lines, stays as it was around the edit.
 *
 * Every edit is checked before it is kept: the new text is read once (the same tree gives the
 * positions for the next edit), it must parse, the edited path must read back the new value and
 * every other path, `let` binding and formal must read back as before. Anything else is refused
 * with a `NixEmitError` naming the path, what stood in the way and what to do; the document is
 * then unchanged.
 */
import * as E from "fp-ts/lib/Either.js";
import { isMarkedNode, n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { AttrSet, Expr } from "../ast/nodes.js";
import { type Issue, NixEmitError } from "../errors.js";
import { checkedCst } from "../treesitter/cst.js";
import { type ParseError, parse } from "../parse/index.js";
import type { SyntaxNode } from "../treesitter/treeSitter.js";
import { print } from "../print/print.js";
import {
  bindingPath,
  bindingsOf,
  describeNode,
  type Location,
  letsOf,
  locate,
  lookIn,
  unparen,
} from "./locate.js";
import { type AttrPathInput, formatAttrPath, parseAttrPath } from "./path.js";
import {
  type Entry,
  isMarker,
  differenceOutside,
  entriesOf,
  FORMALS,
  isUnder,
  keyOf,
  LET,
  norm,
} from "./verify.js";

/** Options of `editNix`. */
export interface EditOptions {
  /** File name for error messages. */
  readonly file?: string;
  /**
   * What to do when an edit would delete a comment other than the leading comments of a removed
   * binding: `"error"` (default) refuses the edit, `"allow"` goes on. Either way every deleted
   * comment is listed in `lostComments`.
   */
  readonly comments?: "error" | "allow";
}

/** One edit, as data (what the CLI passes to `NixDocument.apply`). */
export type Edit =
  | { readonly op: "set"; readonly path: AttrPathInput; readonly value: unknown }
  | { readonly op: "remove"; readonly path: AttrPathInput }
  | { readonly op: "setLet"; readonly path: AttrPathInput; readonly value: unknown }
  | { readonly op: "removeLet"; readonly path: AttrPathInput }
  | { readonly op: "append"; readonly path: AttrPathInput; readonly value: unknown }
  | {
      readonly op: "insert";
      readonly path: AttrPathInput;
      readonly index: number;
      readonly value: unknown;
    }
  | {
      readonly op: "removeItem";
      readonly path: AttrPathInput;
      readonly item: number | { readonly value: unknown };
    };

const WIDTH = 100;

/** The start of the line holding `index`. */
const lineStart = (text: string, index: number) => text.lastIndexOf("\n", index - 1) + 1;
/** The whitespace that starts the line holding `index`. */
const indentOf = (text: string, index: number) =>
  /^[ \t]*/.exec(text.slice(lineStart(text, index), index))![0];
/** Columns of an indentation (a tab counts 2, the unit the printer assumes). */
const columns = (indent: string) => indent.replace(/\t/g, "  ").length;
/** Whether only whitespace precedes `index` on its line. */
const startsLine = (text: string, index: number) =>
  text.slice(lineStart(text, index), index).trim() === "";
/** The end of the line holding `index` (the index of its `\n`, or the text's end). */
const lineEnd = (text: string, index: number) => {
  const e = text.indexOf("\n", index);
  return e < 0 ? text.length : e;
};

/** The file's own line end and indentation unit. */
interface Style {
  readonly eol: string;
  readonly unit: string;
}

function styleOf(text: string): Style {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  let tabs = 0;
  let spaced = 0;
  let unit = 0;
  for (const m of text.matchAll(/\n([ \t]+)\S/g)) {
    const ws = m[1]!;
    if (ws.startsWith("\t")) tabs++;
    else {
      spaced++;
      if (unit === 0 || ws.length < unit) unit = ws.length;
    }
  }
  return {
    eol: crlf > lf ? "\r\n" : "\n",
    unit: tabs > spaced ? "\t" : " ".repeat(unit === 0 || unit > 8 ? 2 : unit),
  };
}

/**
 * Printed text (the printer's two-space levels, first line at column 0) laid out at `base` in the
 * file's style. Text holding an indented string keeps two-space levels and `\n` inside (the
 * string's value depends on its indentation and line ends), with a space-only base.
 */
function layout(printed: string, base: string, style: Style): string {
  const lines = printed.split("\n");
  if (lines.length === 1) return printed;
  if (printed.includes("''")) {
    const b = base.replace(/\t/g, "  ");
    return lines.map((l, i) => (i === 0 || l === "" ? l : b + l)).join("\n");
  }
  return lines
    .map((l, i) => {
      if (i === 0 || l === "") return l;
      const s = /^ */.exec(l)![0].length;
      return base + style.unit.repeat(s >> 1) + (s & 1 ? " " : "") + l.slice(s);
    })
    .join(style.eol);
}

/** `path = value;` printed in the official style for column `indent` (first line unindented). */
function printBinding(path: readonly string[], value: Expr, indent: number): string {
  const set: AttrSet = { ...n.attrs([n.assign([...path], value)]), multiline: true };
  const lines = print(set, { width: Math.max(WIDTH - indent + 2, 20), strict: false })
    .trimEnd()
    .split("\n")
    .slice(1, -1);
  return lines.map((l) => l.slice(2)).join("\n");
}

/** A value printed for column `indent`, as it reads after `x = ` (first line unindented). */
function printValue(value: Expr, indent: number): string {
  const b = printBinding(["x"], value, indent);
  return b
    .slice(b.indexOf("=") + 1)
    .replace(/^[ ]/, "")
    .replace(/;$/, "")
    .replace(/^\n */, "");
}

const NEEDS_PARENS: ReadonlySet<string> = new Set([
  "apply",
  "binary",
  "unary",
  "lambda",
  "if",
  "let",
  "with",
  "assert",
]);
/** A value as a list item: calls, operators and the like in parentheses. */
const asItem = (e: Expr): Expr => (NEEDS_PARENS.has(e.type) ? n.paren(e) : e);

/** The comments of a tree, by text, with their counts. */
function commentCounts(root: SyntaxNode, text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of root.descendantsOfType("comment")) {
    const t = text.slice(c.startIndex, c.endIndex);
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  return m;
}

/** The items of a list node, comments aside. */
const itemsOf = (list: SyntaxNode) => list.namedChildren.filter((c) => c.type !== "comment");

/** Where in the document a path is read: the body, or the `let` bindings. */
export type Scope = "body" | "let";

/** A `let` binding of the file, by path: `doc.let("port").set(8080)`. */
export interface LetBinding {
  /** The bound expression, or `undefined`. */
  get(): Expr | undefined;
  /** Sets it (adding it to the outermost `let` of the file when it is missing). */
  set(value: unknown): NixDocument;
  /** Removes it; `false` if there is none. */
  remove(): boolean;
}

/** An editable Nix file: read by attribute path, set, remove, and print with every other byte kept. */
export class NixDocument {
  private text: string;
  private root: SyntaxNode;
  private entries: Entry[];
  private comments: Map<string, number>;
  private readonly options: EditOptions;
  /** Every comment the edits so far deleted (exactly: comments of the source missing from the text). */
  readonly lostComments: string[] = [];

  /** @internal Use `editNix`. */
  constructor(source: string, root: SyntaxNode, options: EditOptions) {
    this.text = source;
    this.options = options;
    this.root = root;
    this.entries = entriesOf(root, source);
    this.comments = commentCounts(root, source);
  }

  private top(): SyntaxNode {
    return this.root.namedChildren.find((c) => c.type !== "comment") ?? this.root;
  }

  private segments(path: AttrPathInput): string[] {
    const segments = parseAttrPath(path);
    if (E.isLeft(segments)) throw new NixEmitError(segments.left);
    return segments.right;
  }

  private find(scope: Scope, segments: readonly string[]): Location {
    if (scope === "body") return locate(this.top(), segments, this.text);
    const lets = letsOf(this.top());
    if (lets.length === 0)
      return {
        kind: "blocked",
        at: [],
        why: "the file has no let … in at its top",
        hint: "add a let by hand first",
      };
    return lookIn(lets, segments, [], this.text);
  }

  private keyPrefix(scope: Scope, segments: readonly string[]): string {
    return keyOf(scope === "body" ? segments : [LET, ...segments]);
  }

  private shown(scope: Scope, segments: readonly string[]): string {
    return (scope === "let" ? "let " : "") + formatAttrPath(segments);
  }

  private refuse(scope: Scope, segments: readonly string[], message: string, hint?: string): never {
    throw new NixEmitError({
      path: this.shown(scope, segments),
      message,
      ...(hint ? { hint } : {}),
    });
  }

  private blocked(scope: Scope, segments: readonly string[], at: Location): never {
    if (at.kind !== "blocked") throw new Error("unreachable");
    const where = at.at.length === 0 ? "" : `${formatAttrPath(at.at)} `;
    return this.refuse(scope, segments, `${where}${at.why}`.trim(), at.hint);
  }

  private readValue(node: SyntaxNode): Expr | undefined {
    const r = parse(this.text.slice(node.startIndex, node.endIndex));
    return E.isRight(r) ? r.right.expr : undefined;
  }

  /** The expression at `path` (a binding's value or a list item, `after.0`), or `undefined`. */
  get(path: AttrPathInput): Expr | undefined {
    return this.getIn("body", this.segments(path));
  }

  private getIn(scope: Scope, segments: readonly string[]): Expr | undefined {
    const at = this.find(scope, segments);
    // A list item without the parentheses the list needs around it (`(-1)`, `(f x)`).
    return at.kind === "value" ? this.readValue(at.list ? unparen(at.value) : at.value) : undefined;
  }

  /** Whether `path` is bound in the file (by a binding of its own or by longer dotted bindings). */
  has(path: AttrPathInput): boolean {
    const at = this.find("body", this.segments(path));
    return at.kind === "value" || at.kind === "prefix";
  }

  /**
   * Every path the editor reaches in the body (or, with `"let"`, among the `let` bindings): each
   * binding, the sets on the way to it, and each list item (`after.0`), in source order.
   */
  paths(scope: Scope = "body"): string[][] {
    const seen = new Set<string>();
    const out: string[][] = [];
    const add = (segs: readonly string[]) => {
      const k = keyOf(segs);
      if (segs.length === 0 || seen.has(k)) return;
      seen.add(k);
      out.push([...segs]);
    };
    for (const e of this.entries) {
      const inScope = scope === "let" ? e.segments[0] === LET : !isMarker(e.segments[0] ?? "");
      if (!inScope) continue;
      const segs = (scope === "let" ? e.segments.slice(1) : e.segments).filter((s) => !isMarker(s));
      for (let i = 1; i <= segs.length; i++) add(segs.slice(0, i));
      // Items of a list the file is (no path names the file itself) are not listed.
      if (segs.length > 0) for (let i = 0; i < (e.items ?? 0); i++) add([...segs, String(i)]);
    }
    return out;
  }

  /** The `let` binding at `path` (`port`, or `cfg.port` inside `cfg = { … }`), to get, set or remove. */
  let(path: AttrPathInput): LetBinding {
    const segments = this.segments(path);
    return {
      get: () => this.getIn("let", segments),
      set: (value: unknown) => this.setIn("let", segments, value),
      remove: () => this.removeIn("let", segments),
    };
  }

  /** Applies one edit given as data; a refusal is a `Left` and leaves the document unchanged. */
  apply(edit: Edit): E.Either<Issue, boolean> {
    try {
      switch (edit.op) {
        case "set":
          this.set(edit.path, edit.value);
          return E.right(true);
        case "remove":
          return E.right(this.remove(edit.path));
        case "setLet":
          this.let(edit.path).set(edit.value);
          return E.right(true);
        case "removeLet":
          return E.right(this.let(edit.path).remove());
        case "append":
          return E.right(this.append(edit.path, edit.value));
        case "insert":
          this.insert(edit.path, edit.index, edit.value);
          return E.right(true);
        case "removeItem":
          return E.right(this.removeItem(edit.path, edit.item));
      }
    } catch (err) {
      if (err instanceof NixEmitError) return E.left(err.issues[0]!);
      throw err;
    }
  }

  /**
   * Sets `path` to `value` (a JS value, converted as `fromValue` does, or an AST node): replaces the
   * binding (or list item, `after.0`), or adds `rest.of.path = value;` to the innermost set that
   * exists. Returns `this`; throws a `NixEmitError` (the document unchanged) when refused.
   */
  set(path: AttrPathInput, value: unknown): this {
    return this.setIn("body", this.segments(path), value);
  }

  private toExpr(scope: Scope, segments: readonly string[], value: unknown): Expr {
    if (isMarkedNode(value)) return value;
    try {
      return fromValue(value);
    } catch (err) {
      if (err instanceof NixEmitError) {
        const i = err.issues[0]!;
        this.refuse(
          scope,
          segments,
          `${i.path === "" ? "" : `the value at ${i.path}: `}${i.message}`,
          i.hint,
        );
      }
      throw err;
    }
  }

  private setIn(scope: Scope, segments: readonly string[], value: unknown): this {
    const expr = this.toExpr(scope, segments, value);
    const at = this.find(scope, segments);
    const text = this.text;
    switch (at.kind) {
      case "blocked":
        return this.blocked(scope, segments, at);
      case "prefix": {
        // `a.b = 1; a.c = 2;` set as `a`: the first binding becomes `a = …;`, the others go.
        const [first, ...others] = [...at.bindings].sort((x, y) => x.startIndex - y.startIndex);
        let next = text;
        const leading: string[] = [];
        for (const b of others.reverse()) {
          const cut = this.cutRange(next, b);
          leading.push(...cut.leading);
          next = next.slice(0, cut.from) + next.slice(cut.to);
        }
        const base = indentOf(next, first!.startIndex);
        const printed = layout(printBinding(at.rest, expr, columns(base)), base, styleOf(next));
        next = next.slice(0, first!.startIndex) + printed + next.slice(first!.endIndex);
        this.commit(scope, segments, next, { set: expr, leading });
        return this;
      }
      case "value": {
        if (at.binding) {
          const base = indentOf(text, at.binding.startIndex);
          const key = bindingPath(at.binding, text)!;
          const printed = layout(printBinding(key, expr, columns(base)), base, styleOf(text));
          this.commit(
            scope,
            segments,
            text.slice(0, at.binding.startIndex) + printed + text.slice(at.binding.endIndex),
            { set: expr },
          );
        } else {
          const base = indentOf(text, at.value.startIndex);
          const printed = layout(printValue(asItem(expr), columns(base)), base, styleOf(text));
          this.commit(
            scope,
            segments,
            text.slice(0, at.value.startIndex) + printed + text.slice(at.value.endIndex),
            {
              items: {
                list: at.list!,
                index: at.index!,
                insert: printed,
                replace: true,
                ofItem: true,
              },
            },
          );
        }
        return this;
      }
      case "missing":
        if (scope === "body") this.refuseShadowOfLet(segments);
        this.commit(scope, segments, this.withBinding(at.set, at.rest, expr), { set: expr });
        return this;
    }
  }

  /**
   * A body path whose first name is bound nowhere in the body but is a `let` binding is refused:
   * `set("port", 8080)` on `let port = 80; in { … }` would add a second, unrelated `port` to the
   * body (an unknown option in a NixOS module) and leave the binding the file uses unchanged.
   */
  private refuseShadowOfLet(segments: readonly string[]): void {
    const first = segments[0];
    if (first === undefined || this.getIn("body", [first]) !== undefined) return;
    let bound = false;
    try {
      bound = this.getIn("let", [first]) !== undefined;
    } catch {
      // A `let` the editor cannot read through binds nothing it could change instead.
    }
    if (bound)
      this.refuse(
        "body",
        segments,
        `${formatAttrPath([first])} is a let binding, not an attribute of the body: setting it here would add a second ${formatAttrPath([first])} beside it`,
        `change the let binding with doc.let(${JSON.stringify(segments.join("."))}).set(…) (CLI: --set-let ${formatAttrPath(segments)}=JSON)`,
      );
  }

  /** Removes the binding (or list item) at `path`, or every dotted binding below it; `false` if there is none. */
  remove(path: AttrPathInput): boolean {
    return this.removeIn("body", this.segments(path));
  }

  private removeIn(scope: Scope, segments: readonly string[]): boolean {
    const at = this.find(scope, segments);
    if (at.kind === "missing") return false;
    if (at.kind === "blocked") return this.blocked(scope, segments, at);
    if (at.kind === "value" && !at.binding) {
      this.removeItemAt(scope, segments, at.list!, at.index!, true);
      return true;
    }
    const bindings = at.kind === "value" ? [at.binding!] : [...at.bindings];
    for (const b of bindings) this.guardBinder(scope, segments, b);
    let text = this.text;
    const leading: string[] = [];
    // From the last, so earlier positions stay valid.
    for (const b of [...bindings].sort((x, y) => y.startIndex - x.startIndex)) {
      const cut = this.cutRange(text, b);
      leading.push(...cut.leading);
      text = text.slice(0, cut.from) + text.slice(cut.to);
    }
    this.commit(scope, segments, text, { removed: true, leading });
    return true;
  }

  /**
   * Refuses to remove a binding that names a variable still used: a `let` binding or one of a
   * `rec` set, whose name appears as a variable (or in `inherit name;`) elsewhere in that `let` or
   * set (Nix would then
   * reject the file: undefined variable). Shadowing is not analysed: such a use also refuses.
   */
  private guardBinder(scope: Scope, segments: readonly string[], binding: SyntaxNode): void {
    const text = this.text;
    const name = bindingPath(binding, text)?.[0];
    if (name === undefined) return;
    // The let or rec set whose binding set holds the binding.
    let holder: SyntaxNode | undefined;
    for (const c of [
      ...this.root.descendantsOfType("let_expression"),
      ...this.root.descendantsOfType("rec_attrset_expression"),
    ]) {
      const bs = c.namedChildren.find((k) => k.type === "binding_set");
      if (
        bs &&
        bs.namedChildren.some(
          (k) => k.startIndex === binding.startIndex && k.endIndex === binding.endIndex,
        )
      )
        holder = c;
    }
    if (!holder) return;
    const others = bindingsOf(holder).filter(
      (b) => b.startIndex !== binding.startIndex && bindingPath(b, text)?.[0] === name,
    );
    if (others.length > 0) return;
    // A use is a variable, or a name of `inherit name;` (without a source, it reads the variable).
    const inherited = holder
      .descendantsOfType("inherit")
      .flatMap(
        (i) => i.namedChildren.find((c) => c.type === "inherited_attrs")?.namedChildren ?? [],
      );
    const use = [...holder.descendantsOfType("variable_expression"), ...inherited].find(
      (v) =>
        text.slice(v.startIndex, v.endIndex) === name &&
        (v.startIndex < binding.startIndex || v.endIndex > binding.endIndex),
    );
    if (use)
      this.refuse(
        scope,
        segments,
        `${name} is still used (line ${use.startRow + 1}); removing it would leave an undefined variable`,
        "remove or replace its uses first",
      );
  }

  /**
   * Adds `value` at the end of the list at `path` (creating `path = [ value ];` when missing).
   * Under `imports` (the last name) a value already in the list is not added again. Returns whether
   * the list changed.
   */
  append(
    path: AttrPathInput,
    value: unknown,
    options: { readonly unique?: boolean } = {},
  ): boolean {
    const segments = this.segments(path);
    const unique = options.unique ?? segments[segments.length - 1] === "imports";
    return this.insertItem(segments, undefined, value, unique);
  }

  /** Inserts `value` before item `index` of the list at `path` (`index` = length appends). */
  insert(path: AttrPathInput, index: number, value: unknown): this {
    this.insertItem(this.segments(path), index, value, false);
    return this;
  }

  /** Removes an item of the list at `path`: by index, or the first item that reads as `{ value }`. */
  removeItem(path: AttrPathInput, item: number | { readonly value: unknown }): boolean {
    const segments = this.segments(path);
    const list = this.listAt(segments);
    if (!list) return false;
    const items = itemsOf(list);
    let index: number;
    if (typeof item === "number") {
      if (!Number.isInteger(item) || item < 0 || item >= items.length)
        this.refuse(
          "body",
          segments,
          `has ${items.length} items, no item ${item}`,
          "give an index from 0",
        );
      index = item;
    } else {
      const want = norm(printValue(asItem(this.toExpr("body", segments, item.value)), 0));
      index = items.findIndex((i) => norm(this.text.slice(i.startIndex, i.endIndex)) === want);
      if (index < 0) return false;
    }
    this.removeItemAt("body", segments, list, index);
    return true;
  }

  /** The list node at `path`, `undefined` when the path is missing; refused when it is not a list. */
  private listAt(segments: readonly string[]): SyntaxNode | undefined {
    const at = this.find("body", segments);
    if (at.kind === "missing") return undefined;
    if (at.kind === "blocked") return this.blocked("body", segments, at);
    if (at.kind === "prefix")
      return this.refuse("body", segments, "is a set of dotted bindings, not a list");
    const v = unparen(at.value);
    if (v.type !== "list_expression")
      return this.refuse(
        "body",
        segments,
        `is ${describeNode(v, this.text)}, not a list`,
        "only a list written as [ … ] gets items; set the whole value instead",
      );
    return v;
  }

  private insertItem(
    segments: string[],
    index: number | undefined,
    value: unknown,
    unique: boolean,
  ): boolean {
    const expr = asItem(this.toExpr("body", segments, value));
    const list = this.listAt(segments);
    if (!list) {
      if (index !== undefined && index !== 0)
        this.refuse(
          "body",
          segments,
          "is not bound, so there is no item " + index,
          "append to create the list",
        );
      this.setIn("body", segments, n.list([expr]));
      return true;
    }
    const text = this.text;
    const style = styleOf(text);
    const items = itemsOf(list);
    const i = index ?? items.length;
    if (!Number.isInteger(i) || i < 0 || i > items.length)
      this.refuse(
        "body",
        segments,
        `has ${items.length} items; cannot insert at ${i}`,
        `give an index from 0 to ${items.length}`,
      );
    const close = list.endIndex - 1;
    const multiline = text.slice(list.startIndex, list.endIndex).includes("\n");
    const itemBase =
      items.length > 0 && startsLine(text, items[Math.min(i, items.length - 1)]!.startIndex)
        ? indentOf(text, items[Math.min(i, items.length - 1)]!.startIndex)
        : indentOf(text, list.startIndex) + style.unit;
    const printed = layout(printValue(expr, columns(itemBase)), itemBase, style);
    if (
      unique &&
      items.some((it) => norm(text.slice(it.startIndex, it.endIndex)) === norm(printed))
    )
      return false;
    let next: string;
    const expand = () => {
      const texts = items.map((it) => text.slice(it.startIndex, it.endIndex));
      texts.splice(i, 0, printed);
      const outer = indentOf(text, list.startIndex);
      return (
        text.slice(0, list.startIndex) +
        "[" +
        style.eol +
        texts.map((t) => itemBase + t).join(style.eol) +
        style.eol +
        outer +
        "]" +
        text.slice(list.endIndex)
      );
    };
    if (multiline) {
      if (i < items.length && startsLine(text, items[i]!.startIndex)) {
        const at = lineStart(text, items[i]!.startIndex);
        next = text.slice(0, at) + itemBase + printed + style.eol + text.slice(at);
      } else if (i === items.length && startsLine(text, close)) {
        const at = lineStart(text, close);
        next = text.slice(0, at) + itemBase + printed + style.eol + text.slice(at);
      } else if (i > 0) {
        const at = items[i - 1]!.endIndex;
        next = text.slice(0, at) + " " + printed + text.slice(at);
      } else {
        const at = items[0]!.startIndex;
        next = text.slice(0, at) + printed + " " + text.slice(at);
      }
    } else {
      // One line stays one line while nixfmt would keep it (at most one item) or the file already
      // writes several items on one line, and the line fits; otherwise one item per line.
      const oneLine = !printed.includes("\n") && (items.length >= 2 || items.length + 1 <= 1);
      if (oneLine) {
        if (items.length === 0)
          next = text.slice(0, list.startIndex) + `[ ${printed} ]` + text.slice(list.endIndex);
        else if (i < items.length) {
          const at = items[i]!.startIndex;
          next = text.slice(0, at) + printed + " " + text.slice(at);
        } else {
          const at = items[items.length - 1]!.endIndex;
          next = text.slice(0, at) + " " + printed + text.slice(at);
        }
        const end = lineEnd(next, list.startIndex);
        if (columns(next.slice(lineStart(next, list.startIndex), end).replace(/\r$/, "")) > WIDTH)
          next = expand();
      } else next = expand();
    }
    this.commit("body", segments, next, { items: { list, index: i, insert: printed } });
    return true;
  }

  private removeItemAt(
    scope: Scope,
    segments: readonly string[],
    list: SyntaxNode,
    index: number,
    ofItem = false,
  ): void {
    const text = this.text;
    const item = itemsOf(list)[index]!;
    let from = item.startIndex;
    let to = item.endIndex;
    const le = lineEnd(text, to);
    if (startsLine(text, from) && text.slice(to, le).trim() === "" && le < text.length) {
      from = lineStart(text, from);
      to = le + 1;
    } else if (text[to] === " ") to++;
    else if (text[from - 1] === " ") from--;
    this.commit(scope, segments, text.slice(0, from) + text.slice(to), {
      items: { list, index, remove: true, ofItem },
    });
  }

  /** Adds `name` to the function header's formals (`{ config, lib, ... }:` → `{ config, lib, pkgs, ... }:`). */
  addFormal(name: string): boolean {
    const formals = this.formals(name);
    const text = this.text;
    const list = formals.namedChildren.filter((c) => c.type === "formal" || c.type === "ellipses");
    if (
      list.some(
        (f) =>
          f.type === "formal" &&
          text.slice(f.field("name")!.startIndex, f.field("name")!.endIndex) === name,
      )
    )
      return false;
    const dots = list.find((f) => f.type === "ellipses");
    const anchor = dots ?? undefined;
    let next: string;
    const style = styleOf(text);
    const multiline = text.slice(formals.startIndex, formals.endIndex).includes("\n");
    if (anchor && multiline && startsLine(text, anchor.startIndex)) {
      const at = lineStart(text, anchor.startIndex);
      const leadingComma =
        text.slice(at, anchor.startIndex).trim() === "" &&
        text[text.lastIndexOf(",", anchor.startIndex)] === "," &&
        /^[ \t]*,/.test(text.slice(at));
      next =
        text.slice(0, at) +
        indentOf(text, anchor.startIndex) +
        name +
        "," +
        style.eol +
        text.slice(at);
      if (leadingComma)
        next =
          text.slice(0, at) +
          `${/^[ \t]*/.exec(text.slice(at))![0]}, ${name}${style.eol}` +
          text.slice(at);
    } else if (
      anchor &&
      multiline &&
      /^[ \t]*,/.test(text.slice(lineStart(text, anchor.startIndex)))
    ) {
      const at = lineStart(text, anchor.startIndex);
      next =
        text.slice(0, at) +
        `${/^[ \t]*/.exec(text.slice(at))![0]}, ${name}${style.eol}` +
        text.slice(at);
    } else if (anchor)
      next = text.slice(0, anchor.startIndex) + `${name}, ` + text.slice(anchor.startIndex);
    else {
      const last = list[list.length - 1];
      if (!last)
        next = text.slice(0, formals.startIndex) + `{ ${name} }` + text.slice(formals.endIndex);
      else next = text.slice(0, last.endIndex) + `, ${name}` + text.slice(last.endIndex);
    }
    this.commit("body", [FORMALS, name], next, { formal: name });
    return true;
  }

  /** Removes `name` from the formals; refused while the body still uses the name. */
  removeFormal(name: string): boolean {
    const formals = this.formals(name);
    const text = this.text;
    const f = formals.namedChildren.find(
      (c) =>
        c.type === "formal" &&
        text.slice(c.field("name")!.startIndex, c.field("name")!.endIndex) === name,
    );
    if (!f) return false;
    const fn = unparen(this.top());
    const uses = fn
      .descendantsOfType("variable_expression")
      .filter((v) => text.slice(v.startIndex, v.endIndex) === name);
    if (uses.length > 0)
      throw new NixEmitError({
        path: `formal ${name}`,
        message: `is still used (line ${uses[0]!.startRow + 1})`,
        hint: "remove its uses first",
      });
    const parts = formals.children;
    const k = parts.indexOf(f);
    let from = f.startIndex;
    let to = f.endIndex;
    const after = parts[k + 1];
    const before = parts[k - 1];
    if (after?.type === ",") to = after.endIndex;
    else if (before?.type === ",") from = before.startIndex;
    if (
      startsLine(text, from) &&
      text.slice(to, lineEnd(text, to)).trim() === "" &&
      lineEnd(text, to) < text.length
    ) {
      from = lineStart(text, from);
      to = lineEnd(text, to) + 1;
    } else if (text[to] === " ") to++;
    this.commit("body", [FORMALS, name], text.slice(0, from) + text.slice(to), {
      formal: name,
      removed: true,
    });
    return true;
  }

  private formals(name: string): SyntaxNode {
    const fn = unparen(this.top());
    const formals = fn.type === "function_expression" ? fn.field("formals") : null;
    if (!formals)
      throw new NixEmitError({
        path: `formal ${name}`,
        message:
          fn.type === "function_expression"
            ? "the file's function takes one argument, not a set of formals"
            : "the file is not a function",
        hint: "write the header { config, lib, ... }: by hand first",
      });
    return formals;
  }

  /** The edited text; an untouched document gives back its source exactly. */
  toString(): string {
    return this.text;
  }

  /** Where a binding's removal starts and ends: its lines and its own leading comments, when alone on them. */
  private cutRange(
    text: string,
    binding: SyntaxNode,
  ): { from: number; to: number; leading: string[] } {
    let from = binding.startIndex;
    let to = binding.endIndex;
    const leading: string[] = [];
    const afterEnd = lineEnd(text, to);
    // A comment after the binding on its line is the binding's too (`a = 1; # why`).
    const trailing = this.root
      .descendantsOfType("comment")
      .find(
        (c) =>
          c.startIndex >= to &&
          c.endIndex <= afterEnd &&
          text.slice(to, c.startIndex).trim() === "" &&
          text.slice(c.endIndex, afterEnd).trim() === "",
      );
    if (
      startsLine(text, from) &&
      (trailing !== undefined || text.slice(to, afterEnd).trim() === "") &&
      afterEnd < text.length
    ) {
      if (trailing) leading.push(text.slice(trailing.startIndex, trailing.endIndex));
      from = lineStart(text, from);
      to = afterEnd + 1;
      // Comment lines right above (no blank line between) belong to the binding.
      const comments = this.root.descendantsOfType("comment");
      let row = binding.startRow;
      for (;;) {
        const c = comments.find(
          (c) =>
            c.endPosition.row === row - 1 &&
            startsLine(text, c.startIndex) &&
            text.slice(c.endIndex, lineEnd(text, c.endIndex)).trim() === "",
        );
        if (!c) break;
        from = lineStart(text, c.startIndex);
        leading.unshift(text.slice(c.startIndex, c.endIndex));
        row = c.startRow;
      }
    } else if (text[to] === " ") to++;
    else if (text[from - 1] === " ") from--;
    return { from, to, leading };
  }

  /** The text with `rest = value;` added to `set` (an attribute set or a `let`). */
  private withBinding(set: SyntaxNode, rest: readonly string[], value: Expr): string {
    const text = this.text;
    const style = styleOf(text);
    const isLet = set.type === "let_expression";
    const closeNode = isLet
      ? set.children.find((c) => c.type === "in")
      : set.children[set.children.length - 1];
    const close = closeNode ? closeNode.startIndex : set.endIndex - 1;
    const openEnd = isLet ? set.startIndex + 3 : text.indexOf("{", set.startIndex) + 1;
    const bindings = bindingsOf(set);
    const members = set.namedChildren.find((c) => c.type === "binding_set")?.namedChildren ?? [];
    const last = members.filter((c) => c.type !== "comment").pop();
    const afterLast = last ? last.endIndex : openEnd;
    const multiline =
      text.slice(afterLast, close).includes("\n") ||
      (isLet && text.slice(openEnd, close).includes("\n"));
    if (multiline && startsLine(text, close)) {
      const base =
        last && startsLine(text, last.startIndex)
          ? indentOf(text, last.startIndex)
          : indentOf(text, close) + style.unit;
      const line = base + layout(printBinding(rest, value, columns(base)), base, style) + style.eol;
      const at = siblingLineEnd(text, bindings, rest) ?? lineStart(text, close);
      return text.slice(0, at) + line + text.slice(at);
    }
    const base = indentOf(text, close);
    const one = printBinding(rest, value, columns(base));
    if (!one.includes("\n")) {
      const gap = /\s/.test(text[close - 1] ?? "") ? "" : " ";
      return text.slice(0, close) + `${gap}${one} ` + text.slice(close);
    }
    // A binding over several lines does not fit a one-line set: the set is expanded, its members
    // moved to lines of their own, each kept as written (comments between them are refused or
    // reported by the comment check).
    const inner = base + style.unit;
    const lines = members
      .filter((c) => c.type !== "comment")
      .map((b) => inner + text.slice(b.startIndex, b.endIndex));
    lines.push(inner + layout(printBinding(rest, value, columns(inner)), inner, style));
    return (
      text.slice(0, openEnd) +
      style.eol +
      lines.join(style.eol) +
      style.eol +
      base +
      text.slice(close)
    );
  }

  /**
   * Keeps `next` as the document's text when it parses and says what the edit meant and nothing
   * else; otherwise throws a `NixEmitError` and the document stays as it was.
   */
  private commit(
    scope: Scope,
    segments: readonly string[],
    next: string,
    intent: {
      readonly set?: Expr;
      readonly removed?: boolean;
      readonly leading?: readonly string[];
      readonly items?: {
        readonly list: SyntaxNode;
        readonly index: number;
        readonly insert?: string;
        readonly remove?: boolean;
        readonly replace?: boolean;
        /** The edit's path names the item (`after.0`), not the list. */
        readonly ofItem?: boolean;
      };
      readonly formal?: string;
    },
  ): void {
    const shown =
      intent.formal !== undefined ? `formal ${intent.formal}` : this.shown(scope, segments);
    const bug = (what: string): never => {
      throw new NixEmitError({
        path: shown,
        message: `refused: ${what}; nothing was changed`,
        hint: "this is a gap in nix-emit's editor; please report it with the input file, and make this edit by hand",
      });
    };
    const cst = checkedCst(next, { file: this.options.file ?? "<edit>" });
    if (E.isLeft(cst)) return bug(`the edited text would not parse (${cst.left.message})`);
    const root = cst.right;
    const top = root.namedChildren.find((c) => c.type !== "comment") ?? root;
    const entries = entriesOf(root, next);
    // An item's edit is checked on its list: the path without the index.
    const listPath = intent.items?.ofItem ? segments.slice(0, -1) : segments;
    const prefix =
      intent.formal !== undefined
        ? keyOf([FORMALS, intent.formal])
        : this.keyPrefix(scope, listPath);
    const other = differenceOutside(this.entries, entries, prefix);
    if (other) return bug(other);
    // The edited path reads back what was meant.
    const under = entries.filter((e) => isUnder(e.key, prefix));
    if (intent.formal !== undefined) {
      if ((under.length === 1) === (intent.removed === true))
        bug(`formal ${intent.formal} did not read back`);
    } else if (intent.items) {
      const where =
        scope === "body" ? locate(top, listPath, next) : lookIn(letsOf(top), listPath, [], next);
      const list = where.kind === "value" ? unparen(where.value) : undefined;
      if (!list || list.type !== "list_expression") return bug("the list did not read back");
      const want = itemsOf(intent.items.list).map((i) =>
        norm(this.text.slice(i.startIndex, i.endIndex)),
      );
      if (intent.items.remove) want.splice(intent.items.index, 1);
      else
        want.splice(
          intent.items.index,
          intent.items.replace ? 1 : 0,
          norm(intent.items.insert ?? ""),
        );
      const got = itemsOf(list).map((i) => norm(next.slice(i.startIndex, i.endIndex)));
      if (got.length !== want.length || got.some((g, i) => g !== want[i]))
        return bug("the list's items did not read back as meant");
    } else {
      const where =
        scope === "body" ? locate(top, segments, next) : lookIn(letsOf(top), segments, [], next);
      if (intent.removed) {
        if (where.kind !== "missing" || under.length > 0)
          return bug("the path is still bound after removing it");
      } else {
        if (where.kind !== "value") return bug("the path did not read back");
        const v = where.value;
        const back = this.readBack(next, v);
        if (
          back === undefined ||
          intent.set === undefined ||
          back !== norm(printValue(where.binding ? intent.set : asItem(intent.set), 0))
        )
          return bug("the path did not read back the value set");
        if (under.some((e) => e.start < v.startIndex || e.end > v.endIndex))
          return bug("the path would be bound twice");
      }
    }
    // Comments: exactly the ones missing from the new text.
    const counts = commentCounts(root, next);
    const lost: string[] = [];
    for (const [t, c] of this.comments) for (let k = counts.get(t) ?? 0; k < c; k++) lost.push(t);
    const own = [...(intent.leading ?? [])];
    const foreign = lost.filter((c) => {
      const k = own.indexOf(c);
      if (k < 0) return true;
      own.splice(k, 1);
      return false;
    });
    if (foreign.length > 0 && this.options.comments !== "allow")
      throw new NixEmitError({
        path: shown,
        message: `the edit would delete ${foreign.length === 1 ? "a comment" : `${foreign.length} comments`}: ${foreign.map((c) => JSON.stringify(c)).join(", ")}`,
        hint: 'move the comment out of the binding first, or allow it ({ comments: "allow" }, --allow-comment-loss)',
      });
    this.lostComments.push(...lost);
    this.text = next;
    this.root = root;
    this.entries = entries;
    this.comments = counts;
  }

  /** A value's text, normalized the way printed values are compared (whitespace runs as one). */
  private readBack(text: string, node: SyntaxNode): string | undefined {
    return norm(text.slice(node.startIndex, node.endIndex));
  }
}

/**
 * Where a new binding for `path` reads best: after the last binding sharing the longest prefix
 * with it, at the start of the next line; `undefined` when none shares a first name or that
 * binding does not end its line.
 */
function siblingLineEnd(
  text: string,
  bindings: readonly SyntaxNode[],
  path: readonly string[],
): number | undefined {
  let best: SyntaxNode | undefined;
  let bestCommon = 0;
  for (const b of bindings) {
    const names = bindingPath(b, text) ?? [];
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
  return /^[ \t]*(#.*)?\r?$/.test(text.slice(best.endIndex, end)) ? end + 1 : undefined;
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
  const cst = checkedCst(source, options.file === undefined ? {} : { file: options.file });
  if (E.isLeft(cst)) return cst;
  return E.right(new NixDocument(source, cst.right, options));
}
