/**
 * nixfmt's lexer rules for trivia (`Lexer.hs`): what stands between two tokens (blank lines,
 * `#` comments, block comments, language annotations, format directives) and how it is split into
 * the trailing comment of the token before and the leading trivia of the token after.
 *
 * tree-sitter-nix finds the tokens; the text between two tokens is only whitespace and comments,
 * and is read here by nixfmt's rules, not from tree-sitter's comment nodes.
 *
 * @module
 */
import { LineStarts } from "../treesitter/lines.js";
import type { Directive, Trivia, Trivium } from "./tree.js";

/** A piece of trivia as lexed, before it is assigned to a token (`ParseTrivium`). */
export type RawTrivium =
  | { readonly k: "newlines"; readonly n: number }
  /** `col`: 1-based column of the `#`. */
  | { readonly k: "line"; readonly text: string; readonly col: number }
  | { readonly k: "block"; readonly doc: boolean; readonly lines: readonly string[] }
  | { readonly k: "lang"; readonly lang: string }
  | {
      readonly k: "directive";
      readonly disable: boolean;
      readonly start: number;
      readonly end: number;
    };

const isHSpace = (c: number) => c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0;

/**
 * Columns as megaparsec counts them: 1-based, a tab advances to the next multiple of 8 plus 1.
 * Lines without tabs (nearly all) need no scan.
 */
export class Columns {
  private readonly lines: LineStarts;
  private readonly tabs = new Set<number>();

  constructor(private readonly source: string) {
    this.lines = new LineStarts(source);
    for (let i = source.indexOf("\t"); i >= 0; i = source.indexOf("\t", i + 1))
      this.tabs.add(this.lines.lineOf(i));
  }

  at(index: number): number {
    const line = this.lines.lineOf(index);
    const start = this.lines.start(line);
    if (!this.tabs.has(line)) return index - start + 1;
    let col = 1;
    for (let i = start; i < index; i++)
      col = this.source.charCodeAt(i) === 9 ? col + 8 - ((col - 1) % 8) : col + 1;
    return col;
  }
}

/** The index after the horizontal space starting at `i`. */
export function skipHSpace(source: string, i: number): number {
  while (i < source.length && isHSpace(source.charCodeAt(i))) i++;
  return i;
}

/**
 * Whether only spaces and at most one line break (then spaces) follow a token ending at `end`,
 * then something that is not a comment or another line break: the token has no trivia after it,
 * as `lexTrivia` and `convertTrivia` would find (most tokens; they are not read item by item).
 */
export function noTriviaAfter(source: string, end: number): boolean {
  let i = skipHSpace(source, end);
  i = skipHSpace(source, i + isEol(source, i));
  const c = source.charCodeAt(i);
  return c !== 10 && c !== 13 && c !== 35 /* # */ && c !== 47; /* / */
}

function isEol(source: string, i: number): number {
  if (source.charCodeAt(i) === 10) return 1;
  if (source.charCodeAt(i) === 13 && source.charCodeAt(i + 1) === 10) return 2;
  return 0;
}

/** Trailing white space removed (`trimEnd` removes what `\s` matches, without a regular expression). */
function stripEnd(s: string): string {
  return s.trimEnd();
}

/**
 * The lines of a block comment, as nixfmt cleans them (stars, indentation); `chars` is its text
 * between the delimiters, `pos` the 0-based column of its `/*`.
 */
export function blockLines(chars: string, pos: number): string[] {
  // splitLines: normalise line ends, strip ends, drop trailing empty lines
  let lines = chars.replace(/\r\n/g, "\n").split("\n").map(stripEnd);
  // Text.lines drops a final empty piece after a trailing newline
  if (chars.endsWith("\n")) lines.pop();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  // removeStars
  if (lines.length > 0) {
    const start = " ".repeat(pos) + " *";
    const rest = lines.slice(1);
    if (rest.every((l) => l.startsWith(start)))
      lines = [lines[0]!, ...rest.map((l) => " ".repeat(pos) + l.slice(start.length))];
  }
  lines = lines.map(stripEnd);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  // fixIndent
  if (lines.length > 0) {
    const h = lines[0]!;
    const t = lines.slice(1);
    const offset = h.startsWith(" ") ? pos + 3 : pos + 2;
    let common = offset;
    for (const l of t) if (l.trim() !== "") common = Math.min(common, /^ */.exec(l)![0].length);
    const prefix = " ".repeat(common);
    lines = [h.trim(), ...t.map((l) => (l.startsWith(prefix) ? l.slice(common) : l.trimStart()))];
  }
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return lines;
}

const LANG_ID = /^[\p{L}\p{N}+._-]+$/u;

/**
 * Lexes the trivia starting at `i` (after the horizontal space following a token). Returns the
 * pieces and the index of the next token.
 */
export function lexTrivia(
  source: string,
  i: number,
  columns: Columns,
): { items: RawTrivium[]; end: number } {
  const items: RawTrivium[] = [];
  for (;;) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 13) {
      let n = 0;
      let e: number;
      while ((e = isEol(source, i)) > 0) {
        n++;
        i = skipHSpace(source, i + e);
      }
      if (n === 0) break;
      items.push({ k: "newlines", n });
      continue;
    }
    if (c === 35 /* # */) {
      const col = columns.at(i);
      let j = i + 1;
      while (j < source.length && source[j] !== "\n" && source[j] !== "\r") j++;
      items.push({ k: "line", text: stripEnd(source.slice(i + 1, j)), col });
      i = skipHSpace(source, j);
      continue;
    }
    if (c === 47 /* / */ && source.charCodeAt(i + 1) === 42 /* * */) {
      const close = source.indexOf("*/", i + 2);
      if (close < 0) break;
      const start = i;
      // format directive: nothing else on its line after it
      const dm = /^\/\*nixfmt:(disable|enable)\*\//.exec(source.slice(i, i + 20));
      if (dm) {
        let j = i + dm[0].length;
        while (j < source.length && source[j] !== "\n" && source[j] !== "\r") j++;
        const rest = source.slice(i + dm[0].length, j);
        if (/^[ \t\v\f\u00a0]*$/.test(rest)) {
          items.push({ k: "directive", disable: dm[1] === "disable", start, end: j });
          i = j;
          continue;
        }
      }
      const pos = columns.at(i) - 1;
      const isDoc = source[i + 2] === "*" && source[i + 3] !== "/";
      const chars = source.slice(i + (isDoc ? 3 : 2), close);
      const lines = blockLines(chars, pos);
      i = skipHSpace(source, close + 2);
      if (!isDoc && lines.length === 1) {
        // a language annotation: followed (after at most one line break) by a string
        let j = i;
        const e = isEol(source, j);
        if (e > 0) j = skipHSpace(source, j + e);
        const content = lines[0]!.trim();
        if (
          (source[j] === '"' || source.startsWith("''", j)) &&
          content.length > 0 &&
          content.length <= 30 &&
          LANG_ID.test(content)
        ) {
          items.push({ k: "lang", lang: content });
          continue;
        }
      }
      items.push({ k: "block", doc: isDoc, lines });
      continue;
    }
    break;
  }
  return { items, end: i };
}

/** Resolves a directive against the open region (`resolveDirective`); the state is the caller's. */
export interface DirectiveState {
  readonly source: string;
  /** Line start of the `/*nixfmt:disable*\/` of the open region. */
  pendingDisable: number | null;
  /** Interpolations that a region cuts through (one end of the region inside), not nested ones. */
  cuts: number;
}

function resolveDirective(
  state: DirectiveState,
  disable: boolean,
  start: number,
  end: number,
): Trivium {
  const lineStart = state.source.lastIndexOf("\n", start - 1) + 1;
  const prefix = state.source.slice(lineStart, start);
  if (!/^[ \t\v\f\u00a0]*$/.test(prefix))
    return { k: "lineComment", text: " nixfmt:" + (disable ? "disable" : "enable") };
  let directive: Directive;
  if (disable) {
    if (state.pendingDisable === null) state.pendingDisable = lineStart;
    directive = { k: "disable" };
  } else if (state.pendingDisable !== null) {
    directive = { k: "enable", raw: state.source.slice(state.pendingDisable, end) };
    state.pendingDisable = null;
  } else directive = { k: "enable", raw: null };
  return { k: "directive", directive };
}

/** `convertLeading`: lexed trivia into leading trivia of the next token. */
export function convertLeading(state: DirectiveState, items: readonly RawTrivium[]): Trivium[] {
  const out: Trivium[] = [];
  for (const t of items) {
    switch (t.k) {
      case "newlines":
        if (t.n > 1) out.push({ k: "emptyLine" });
        break;
      case "line":
        out.push({ k: "lineComment", text: t.text });
        break;
      case "block":
        if (t.lines.length === 0) break;
        if (!t.doc && t.lines.length === 1)
          out.push({ k: "lineComment", text: " " + t.lines[0]!.trim() });
        else out.push({ k: "blockComment", doc: t.doc, lines: t.lines });
        break;
      case "lang":
        out.push({ k: "languageAnnotation", lang: t.lang });
        break;
      case "directive":
        out.push(resolveDirective(state, t.disable, t.start, t.end));
        break;
    }
  }
  return out;
}

function isTrailing(t: RawTrivium): boolean {
  return (
    t.k === "line" || (t.k === "block" && !t.doc && t.lines.length <= 1) || t.k === "directive"
  );
}

function trailingText(t: RawTrivium): string {
  switch (t.k) {
    case "line":
      return t.text.trim();
    case "block":
      return !t.doc && t.lines.length === 1 ? t.lines[0]!.trim() : "";
    case "directive":
      return t.disable ? "nixfmt:disable" : "nixfmt:enable";
    default:
      return "";
  }
}

/**
 * `convertTrivia`: the trivia after a token into its trailing comment and the next token's
 * leading trivia. `nextCol` is the column of the next token.
 */
export function convertTrivia(
  state: DirectiveState,
  items: readonly RawTrivium[],
  nextCol: number,
): { trail: string | null; leading: Trivia } {
  let n = 0;
  while (n < items.length && isTrailing(items[n]!)) n++;
  const trailing = items.slice(0, n);
  const leading = items.slice(n);
  const only = trailing.length === 1 ? trailing[0]! : undefined;
  if (only?.k === "line") {
    const [a, b] = leading;
    if (a?.k === "newlines" && a.n === 1 && b?.k === "line" && b.col === only.col)
      return { trail: null, leading: convertLeading(state, items) };
    if (leading.length === 1 && a?.k === "newlines" && a.n === 1 && only.col === nextCol)
      return { trail: null, leading: convertLeading(state, items) };
  }
  const text = trailing
    .map(trailingText)
    .filter((t) => t !== "")
    .join(" ");
  return { trail: text === "" ? null : text, leading: convertLeading(state, leading) };
}
