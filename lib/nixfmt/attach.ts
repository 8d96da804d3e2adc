/**
 * Attaching trivia to tokens as nixfmt's parser does (`Parser.hs`, `Lexer.hs`): each token takes
 * the trivia pending before it, then the trivia after it is split into its trailing comment and
 * the next token's leading trivia; in lists, sets and `let`, trivia before an item stands alone as
 * a comments item. Both ways of reading source into nixfmt's tree share this: the hand-written
 * reader (`read.ts`) and the tree-sitter converter (`fromCst.ts`).
 *
 * @module
 */
import type {
  Ann,
  Expression,
  Item,
  StringLines,
  StringPart,
  Term,
  Trivia,
  Trivium,
  Whole,
} from "./tree.js";
import { columnDependent, normalizeLine, splitLines } from "./strings.js";
import {
  type DirectiveState,
  Columns,
  convertLeading,
  convertTrivia,
  lexTrivia,
  noTriviaAfter,
  skipHSpace,
} from "./trivia.js";

/** A string's raw text and interpolations, and the index after its closing delimiter. */
export interface StringParts {
  readonly parts: StringPart[];
  readonly end: number;
}

/** The trivia of the many tokens that have none: one shared empty list. */
const NO_TRIVIA: Trivia = [];

export class Attacher {
  /** Trivia read but not yet given to a token (never changed in place: replaced). */
  protected pending: Trivia = NO_TRIVIA;
  protected readonly ds: DirectiveState;
  private readonly columns: Columns;
  /** How many interpolations the current token is inside. */
  protected interpolations = 0;

  constructor(
    protected readonly src: string,
    private readonly strict: boolean,
  ) {
    this.ds = { source: src, pendingDisable: null, cuts: 0 };
    this.columns = new Columns(src);
  }

  protected take(): Trivia {
    const t = this.pending;
    this.pending = NO_TRIVIA;
    return t;
  }

  private push(t: readonly Trivium[]): void {
    if (t.length > 0) this.pending = this.pending.length === 0 ? t : [...this.pending, ...t];
  }

  /** Trivia pending before the next item of a list, set or `let`, as a comments item. */
  protected pushComments<T>(items: Item<T>[]): void {
    if (this.pending.length > 0) items.push({ k: "comments", trivia: this.take() });
  }

  /** The token `value` ending at `end`, with the trivia taken before it and the trivia after it. */
  protected annotated<T>(pre: Trivia, value: T, end: number, row: number): Ann<T> {
    // Most tokens are followed by nothing but spaces and at most one line break before the next
    // token: no trivia, and no need to read it item by item.
    if (noTriviaAfter(this.src, end)) return this.plain(pre, value, row);
    const { items, end: next } = lexTrivia(this.src, skipHSpace(this.src, end), this.columns);
    const { trail, leading } = convertTrivia(this.ds, items, this.columns.at(next));
    this.push(leading);
    return { pre, line: this.lineOf(row), value, trail };
  }

  /** The token `value` on 0-based line `row`, known to have no trivia after it. */
  protected plain<T>(pre: Trivia, value: T, row: number): Ann<T> {
    return { pre, line: this.lineOf(row), value, trail: null };
  }

  /**
   * A token's line as nixfmt keeps it: its strict mode forgets source lines on every token but
   * those inside strings' and attribute names' interpolations (its `mapAllTokens` does not enter
   * them).
   */
  private lineOf(row: number): number {
    return this.strict && this.interpolations === 0 ? 1 : row + 1;
  }

  /** `wholeInner`: a nested expression isolated from the surrounding pending trivia. */
  protected whole(at: number, inner: () => Expression): Whole<Expression> {
    const saved = this.take();
    const before = this.ds.pendingDisable;
    const outerCuts = this.ds.cuts;
    const { items } = lexTrivia(this.src, skipHSpace(this.src, at), this.columns);
    this.push(convertLeading(this.ds, items));
    const value = inner();
    const trivia = this.take();
    // A region with exactly one end inside this interpolation cuts it (set, not added: cuts of
    // deeper interpolations were seen by their own strings).
    this.ds.cuts = outerCuts + (before === this.ds.pendingDisable ? 0 : 1);
    this.push(saved);
    return { value, trivia };
  }

  /** The whole file: its expression, the trivia after it, and a disabled region left open. */
  protected wholeFile(inner: () => Expression): Whole<Expression> {
    const w = this.whole(0, inner);
    if (this.ds.pendingDisable === null) return w;
    return {
      value: w.value,
      trivia: [
        ...w.trivia,
        { k: "directive", directive: { k: "toEof", raw: this.src.slice(this.ds.pendingDisable) } },
      ],
    };
  }

  /** An interpolation `${ … }` whose content starts after `openEnd`. */
  protected interpolated(openEnd: number, inner: () => Expression): StringPart {
    this.interpolations++;
    try {
      return { k: "interpolation", whole: this.whole(openEnd, inner) };
    } finally {
      this.interpolations--;
    }
  }

  /** A `"…"` string token from its parts (raw text and interpolations, read by `parts`). */
  protected simpleString(row: number, read: () => StringParts): Ann<StringLines> {
    const pre = this.take();
    const { parts, end } = read();
    return this.annotated(pre, splitLines(parts).map(normalizeLine), end, row);
  }

  /** A `''…''` string token from its parts: indentation removed, simple ones as `"…"`. */
  protected indentedString(row: number, read: () => StringParts): Term {
    const pre = this.take();
    const cutsBefore = this.ds.cuts;
    const { parts, end } = read();
    const { parts: lines, indentation } = fixIndentedString(parts);
    const cut = this.ds.cuts !== cutsBefore;
    const a = this.annotated(pre, lines, end, row);
    // A string a disabled region cuts through keeps its lines where they were, and its delimiters;
    // so does one whose value moving its lines would change (where nixfmt 1.4.0 moves them).
    if (cut || columnDependent(parts)) return { k: "indentedString", cut: indentation, ann: a };
    if (
      lines.length <= 1 &&
      !lines.some((l) => l.some((p) => p.k === "text" && /["\\]/.test(p.text)))
    )
      return {
        k: "simpleString",
        ann: { ...a, value: lines.map((l) => l.map(convertIndentedEscapes)) },
      };
    return { k: "indentedString", cut: null, ann: a };
  }
}

// ---------------------------------------------------------------------------------------------------
// Strings (nixfmt's Parser.hs)
// ---------------------------------------------------------------------------------------------------

type Line = StringPart[];

const isSpaces = (t: string) => /^ *$/.test(t);

function isEmptyLine(l: readonly StringPart[]): boolean {
  return l.length === 0 || (l.length === 1 && l[0]!.k === "text" && isSpaces(l[0]!.text));
}

function lineHead(l: readonly StringPart[]): string | undefined {
  if (l.length === 0 || isEmptyLine(l)) return undefined;
  const h = l[0]!;
  return h.k === "text" ? h.text : "";
}

function commonIndentation(heads: readonly string[]): string | undefined {
  if (heads.length === 0) return undefined;
  let prefix = heads[0]!;
  for (let i = 1; i < heads.length; i++) {
    const h = heads[i]!;
    let j = 0;
    while (j < prefix.length && j < h.length && prefix[j] === h[j]) j++;
    prefix = prefix.slice(0, j);
  }
  return /^ */.exec(prefix)![0];
}

function fixIndentedString(parts: readonly StringPart[]): { parts: Line[]; indentation: string } {
  let lines = splitLines(parts);
  // fixFirstLine
  const first = normalizeLine(lines[0]!);
  lines = isEmptyLine(first) && lines.length > 1 ? lines.slice(1) : [first, ...lines.slice(1)];
  // fixLastLine
  const lastNorm = normalizeLine(lines[lines.length - 1]!);
  lines[lines.length - 1] = isEmptyLine(lastNorm) ? [] : lastNorm;
  const heads = lines.map(lineHead).filter((h): h is string => h !== undefined);
  const indentation = commonIndentation(heads);
  if (indentation === undefined) return { parts: lines.map(() => []), indentation: "" };
  const stripped = lines.map((l) => {
    const h = l[0];
    if (h?.k !== "text") return normalizeLine(l);
    const t = h.text.startsWith(indentation) ? h.text.slice(indentation.length) : "";
    return normalizeLine([{ k: "text", text: t }, ...l.slice(1)]);
  });
  return { parts: stripped, indentation };
}

function convertIndentedEscapes(p: StringPart): StringPart {
  if (p.k !== "text") return p;
  let out = "";
  const t = p.text;
  for (let i = 0; i < t.length;) {
    if (t.startsWith("''$", i)) {
      out += "\\$";
      i += 3;
    } else if (t.startsWith("'''", i)) {
      out += "''";
      i += 3;
    } else out += t[i++];
  }
  return { k: "text", text: out };
}
