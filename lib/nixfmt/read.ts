/**
 * A hand-written reader of Nix source straight into nixfmt's tree, the formatter's fast path.
 *
 * Why not only tree-sitter-nix: on nixpkgs lib, tree-sitter's own parse takes ~100–150 ms and
 * copying its tree out of the native binding (one call per node) another ~100 ms, more than half of
 * the time the issue allows for the whole run; this reader reads the same files in a few tens of
 * milliseconds. tree-sitter stays the reference: the reader builds exactly the tree that
 * `fromCst` builds from tree-sitter's syntax tree (the same trivia rules, `attach.ts`; the same
 * precedences, tree-sitter-nix's `grammar.js`), which tests check file by file, and it gives up
 * (returns `null`) on anything it is not sure of — syntax errors, pipes, `$${`, `or` as a
 * name, lexer corners where Nix's and tree-sitter's tokens may differ (`a//b`, paths ending in
 * `/`, `01.5`) — so that the tree-sitter path reads those, with its located error messages.
 *
 * @module
 */
import { Attacher } from "./attach.js";
import type {
  Ann,
  Binder,
  Expression,
  Item,
  Leaf,
  ParamAttr,
  Parameter,
  Selector,
  SimpleSelector,
  StringLines,
  StringPart,
  Term,
  TokenKind,
  Trivia,
  Whole,
} from "./tree.js";
import { normalizeLine } from "./strings.js";
import { operation } from "./tree.js";

/** Reads `source` into nixfmt's tree, or `null` where the tree-sitter path must read it. */
export function readSource(source: string, strict: boolean): Whole<Expression> | null {
  if (source.includes("\u0000") || source.startsWith("\uFEFF") || /\r(?!\n)/.test(source))
    return null;
  try {
    return new Reader(source, strict).file();
  } catch (err) {
    if (err === GIVE_UP || err instanceof RangeError) return null;
    throw err;
  }
}

/** Thrown to leave the reader: the tree-sitter path reads the source instead. */
const GIVE_UP = new Error("the fast reader gives up");

/** `NIX_EMIT_DEBUG_READ=1` prints where the reader gives up (to find what it could learn). */
const TRACE = process.env["NIX_EMIT_DEBUG_READ"] === "1";

function giveUp(): never {
  if (TRACE) console.trace("the fast reader gives up");
  throw GIVE_UP;
}

// Token types: symbols and keywords are their own text; the rest are these names.
const ID = "id";
const INT = "int";
const FLOAT = "float";
const PATH = "path";
const SPATH = "spath";
const URI = "uri";
const STRING = '"';
const INDENTED = "''";
const EOF = "eof";

const KEYWORDS = new Set(["if", "then", "else", "let", "inherit", "in", "rec", "with", "assert"]);

/** The precedences of `==`/`!=` and of `<`, `>`, `<=`, `>=` (Nix's non-associative operators). */
const PREC_EQUALITY = 4;
const PREC_COMPARISON = 5;

/** Binary operators: tree-sitter-nix's precedence, and whether they group to the right. */
const BINARY: Record<string, { readonly prec: number; readonly right: boolean }> = {
  "->": { prec: 1, right: true },
  "||": { prec: 2, right: false },
  "&&": { prec: 3, right: false },
  "==": { prec: 4, right: false },
  "!=": { prec: 4, right: false },
  "<": { prec: 5, right: false },
  ">": { prec: 5, right: false },
  "<=": { prec: 5, right: false },
  ">=": { prec: 5, right: false },
  "//": { prec: 6, right: true },
  "+": { prec: 8, right: false },
  "-": { prec: 8, right: false },
  "*": { prec: 9, right: false },
  "/": { prec: 9, right: false },
  "++": { prec: 10, right: true },
};
const PREC_NOT = 7;
const PREC_HAS_ATTR = 11;
const PREC_NEGATE = 12;

// Character classes, looked up in a table: the reader runs mostly before V8 optimises it, when a
// call per character test costs more than the test.
const DIGIT = 1;
const IDENT_START = 2;
/** `[a-zA-Z0-9_'-]` */
const IDENT = 4;
/** Nix's PATH_CHAR, `[a-zA-Z0-9._+-]` */
const PATH_CHAR = 8;
/** A URI's scheme after its first letter, `[a-zA-Z0-9+.-]` */
const SCHEME = 16;
/** A URI's characters after the colon, `[a-zA-Z0-9%/?:@&=+$,_.!~*'-]` */
const URI_CHAR = 32;
const LETTER = 64;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const letter = /[a-zA-Z]/.test(ch);
  const digit = /[0-9]/.test(ch);
  CLASS[c] =
    (digit ? DIGIT : 0) |
    (letter || ch === "_" ? IDENT_START : 0) |
    (letter || digit || "_'-".includes(ch) ? IDENT : 0) |
    (letter || digit || "._+-".includes(ch) ? PATH_CHAR : 0) |
    (letter || digit || "+.-".includes(ch) ? SCHEME : 0) |
    (letter || digit || "%/?:@&=+$,-_.!~*'".includes(ch) ? URI_CHAR : 0) |
    (letter ? LETTER : 0);
}
/** The classes of character code `c` (none past the end of the text: `CLASS[NaN]` is undefined). */
const is = (c: number, cls: number): boolean => ((CLASS[c] ?? 0) & cls) !== 0;
const isDigit = (c: number) => is(c, DIGIT);
const isPathChar = (c: number) => is(c, PATH_CHAR);

class Reader extends Attacher {
  /** Start of the current token (after the whitespace and comments before it). */
  private pos = 0;
  /**
   * Whether the last gap `skip` crossed holds no trivia: spaces and at most one line break (`\r`
   * only comes in `\r\n` here), no comment; the token before it then needs no trivia reading.
   */
  private plainGap = false;
  /** The token at `cachedAt`: its type and end. */
  private cachedAt = -1;
  private cachedType = EOF;
  private cachedEnd = 0;
  /** Line counting, forwards: the line of the last index asked about and the next line break. */
  private row = 0;
  private rowFrom = 0;
  private nextBreak = -2;

  file(): Whole<Expression> {
    return this.wholeFile(() => {
      this.pos = this.skip(0);
      const e = this.expr();
      if (this.peek() !== EOF) giveUp();
      return e;
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Tokens
  // -------------------------------------------------------------------------------------------------

  /** The index of the next token at or after `i`: whitespace and comments skipped. */
  private skip(i: number): number {
    const s = this.src;
    let breaks = 0;
    let comments = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 10) {
        breaks++;
        i++;
      } else if (c === 35 /* # */) {
        comments = true;
        while (i < s.length && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
      } else if (c === 47 /* / */ && s.charCodeAt(i + 1) === 42 /* * */) {
        comments = true;
        const close = s.indexOf("*/", i + 2);
        if (close < 0) giveUp();
        i = close + 2;
      } else {
        this.plainGap = !comments && breaks <= 1;
        return i;
      }
    }
  }

  /** The type of the token at `pos`. */
  private peek(): string {
    if (this.cachedAt !== this.pos) {
      this.cachedType = this.scan(this.pos);
      this.cachedAt = this.pos;
    }
    return this.cachedType;
  }

  private tokenEnd(): number {
    this.peek();
    return this.cachedEnd;
  }

  private tokenText(): string {
    return this.src.slice(this.pos, this.tokenEnd());
  }

  /** Reads the token at `i`: its type, and its end into `cachedEnd`. */
  private scan(i: number): string {
    const s = this.src;
    if (i >= s.length) {
      this.cachedEnd = i;
      return EOF;
    }
    const c = s.charCodeAt(i);
    const cls = CLASS[c] ?? 0;
    if ((cls & IDENT_START) !== 0) {
      let j = i + 1;
      while (is(s.charCodeAt(j), IDENT)) j++;
      // Only a `/`, `.`, `+` or `:` after the name can make it part of a path or a URI.
      const n = s.charCodeAt(j);
      if (n === 47 || n === 46 || n === 43 || n === 58) {
        const other = this.scanPathOrUri(i, cls);
        if (other !== EOF) return other;
      }
      this.cachedEnd = j;
      if (j - i >= 2 && j - i <= 7) {
        const word = s.slice(i, j);
        if (KEYWORDS.has(word)) return word;
      }
      return ID;
    }
    // Nix's lexer takes the longest token: `a/b`, `a.b/c`, `+x/y` are paths, whatever follows.
    if ((cls & PATH_CHAR) !== 0 || c === 47 || c === 126 /* ~ */) {
      const path = this.scanPath(i);
      if (path >= 0) {
        this.cachedEnd = path;
        return PATH;
      }
    }
    if ((cls & DIGIT) !== 0 || (c === 46 && isDigit(s.charCodeAt(i + 1))))
      return this.scanNumber(i);
    const next = s.charCodeAt(i + 1);
    let type: string;
    let end = i + 1;
    switch (c) {
      case 34 /* " */:
        type = STRING;
        break;
      case 39 /* ' */:
        if (next !== 39) giveUp();
        type = INDENTED;
        end = i + 2;
        break;
      case 46 /* . */:
        if (next === 46) {
          if (s.charCodeAt(i + 2) !== 46) giveUp();
          type = "...";
          end = i + 3;
        } else type = ".";
        break;
      case 60 /* < */: {
        const envPath = this.scanEnvPath(i);
        if (envPath >= 0) {
          type = SPATH;
          end = envPath;
        } else if (next === 124 /* | */) giveUp();
        else if (next === 61) {
          type = "<=";
          end = i + 2;
        } else type = "<";
        break;
      }
      case 62 /* > */:
      case 61 /* = */:
      case 33 /* ! */:
        // `>=`, `==`, `!=`
        if (next === 61) {
          type = s.slice(i, i + 2);
          end = i + 2;
        } else type = s[i]!;
        break;
      case 45 /* - */:
        if (next === 62) {
          type = "->";
          end = i + 2;
        } else type = "-";
        break;
      case 43 /* + */:
      case 47 /* / */:
        // `++`, `//`
        if (next === c) {
          type = c === 43 ? "++" : "//";
          end = i + 2;
        } else type = s[i]!;
        break;
      case 38 /* & */:
      case 124 /* | */:
        // `&&`, `||` (and not `|>`)
        if (next !== c) giveUp();
        type = c === 38 ? "&&" : "||";
        end = i + 2;
        break;
      case 36 /* $ */:
        if (next !== 123) giveUp();
        type = "${";
        end = i + 2;
        break;
      case 42 /* * */:
      case 63 /* ? */:
      case 64 /* @ */:
      case 44 /* , */:
      case 59 /* ; */:
      case 58 /* : */:
      case 40 /* ( */:
      case 41 /* ) */:
      case 91 /* [ */:
      case 93 /* ] */:
      case 123 /* { */:
      case 125 /* } */:
        type = s[i]!;
        break;
      default:
        return giveUp();
    }
    this.cachedEnd = end;
    return type;
  }

  /**
   * A path or a URI starting with the name at `i` (class `cls`), its end into `cachedEnd`; `EOF`
   * when it is neither (it is a name).
   */
  private scanPathOrUri(i: number, cls: number): string {
    const s = this.src;
    const path = this.scanPath(i);
    if (path >= 0) {
      this.cachedEnd = path;
      return PATH;
    }
    if ((cls & LETTER) === 0) return EOF;
    let j = i + 1;
    while (is(s.charCodeAt(j), SCHEME)) j++;
    if (s.charCodeAt(j) !== 58 /* : */ || !is(s.charCodeAt(j + 1), URI_CHAR)) return EOF;
    j += 2;
    while (is(s.charCodeAt(j), URI_CHAR)) j++;
    this.cachedEnd = j;
    return URI;
  }

  /**
   * The end of a path's first piece at `i` (up to its first interpolation), or -1: tree-sitter-nix's
   * `path_start` (path characters and `/`, something after a `/`, or a `/` before `${`), which
   * Nix's lexer agrees with wherever a term can start. Paths where the two may differ give up:
   * `//` inside, a trailing `/`.
   */
  private scanPath(i: number): number {
    const s = this.src;
    // `~/…` reaches tree-sitter as `./…` (`mask`), which right after a path character joins that
    // character's token (`a~/b` is read as the path `a./b`): there the reader gives up.
    let j = i;
    if (s.charCodeAt(i) === 126 /* ~ */) {
      if (s.charCodeAt(i + 1) !== 47) return -1;
      if (i > 0 && isPathChar(s.charCodeAt(i - 1))) giveUp();
      j = i + 1;
    }
    let sep = false;
    let afterSep = false;
    for (; ; j++) {
      const c = s.charCodeAt(j);
      if (c === 47) sep = true;
      else if (isPathChar(c)) afterSep ||= sep;
      else break;
    }
    const interpolated = sep && s.charCodeAt(j) === 36; /* $ */
    if (!interpolated && !afterSep) return -1;
    const text = s.slice(i, j);
    if (text.includes("//") || (!interpolated && text.endsWith("/"))) giveUp();
    return j;
  }

  /** The end of `<name/…>` at `i`, or -1. */
  private scanEnvPath(i: number): number {
    const s = this.src;
    let j = i + 1;
    for (;;) {
      const from = j;
      while (isPathChar(s.charCodeAt(j))) j++;
      if (j === from) return -1;
      if (s.charCodeAt(j) === 62 /* > */) return j + 1;
      if (s.charCodeAt(j) !== 47) return -1;
      j++;
    }
  }

  /** An integer or a float (tree-sitter-nix's `float_expression`). */
  private scanNumber(i: number): string {
    const s = this.src;
    let j = i;
    while (isDigit(s.charCodeAt(j))) j++;
    let type = INT;
    const c0 = s.charCodeAt(i);
    const leadOk =
      (c0 >= 49 && c0 <= 57) ||
      (c0 === 48 && j === i + 1 && isDigit(s.charCodeAt(j + 1))) ||
      j === i;
    if (s.charCodeAt(j) === 46 && leadOk) {
      type = FLOAT;
      j++;
      while (isDigit(s.charCodeAt(j))) j++;
      const e = s.charCodeAt(j);
      if (e === 69 || e === 101) {
        let k = j + 1;
        if (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45) k++;
        if (isDigit(s.charCodeAt(k))) {
          while (isDigit(s.charCodeAt(k))) k++;
          j = k;
        }
      }
    }
    const after = s.charCodeAt(j);
    if (is(after, IDENT) || after === 46) giveUp();
    this.cachedEnd = j;
    return type;
  }

  /** 0-based line of index `i` (`i` never decreases, but for a restart). */
  private rowAt(i: number): number {
    if (i < this.rowFrom) {
      this.row = 0;
      this.nextBreak = -2;
    }
    this.rowFrom = i;
    const s = this.src;
    if (this.nextBreak === -2) this.nextBreak = s.indexOf("\n");
    // Each line break is looked for once: a one-line file costs one search, not one per token.
    while (this.nextBreak >= 0 && this.nextBreak < i) {
      this.row++;
      this.nextBreak = s.indexOf("\n", this.nextBreak + 1);
    }
    return this.row;
  }

  /** The current token as a leaf; moves to the next token. */
  private leaf(kind: TokenKind = "sym"): Leaf {
    const start = this.pos;
    const end = this.tokenEnd();
    const value = { kind, text: this.src.slice(start, end) };
    const pre = this.take();
    return this.finish(pre, value, end, this.rowAt(start));
  }

  /**
   * The token `value` ending at `end` with the trivia `pre` before it; moves to the next token.
   * The gap crossed tells whether there is trivia after it to read.
   */
  private finish<T>(pre: Trivia, value: T, end: number, row: number): Ann<T> {
    this.pos = this.skip(end);
    return this.plainGap ? this.plain(pre, value, row) : this.annotated(pre, value, end, row);
  }

  private expect(type: string): Leaf {
    if (this.peek() !== type) giveUp();
    return this.leaf();
  }

  private isOr(): boolean {
    return this.peek() === ID && this.tokenText() === "or";
  }

  /** The type of the token after the current one (no trivia is attached). */
  private peekAfter(): string {
    const at = this.skip(this.tokenEnd());
    const saved = this.cachedEnd;
    const type = this.scan(at);
    this.cachedEnd = saved;
    return type;
  }

  // -------------------------------------------------------------------------------------------------
  // Expressions
  // -------------------------------------------------------------------------------------------------

  private expr(): Expression {
    switch (this.peek()) {
      case "let": {
        if (this.peekAfter() === "{") break;
        const let_ = this.leaf();
        const items = this.binders("in");
        const in_ = this.leaf();
        return { k: "let", let: let_, items, in: in_, body: this.expr() };
      }
      case "with": {
        const with_ = this.leaf();
        const env = this.expr();
        const semi = this.expect(";");
        return { k: "with", with: with_, env, semi, body: this.expr() };
      }
      case "assert": {
        const assert = this.leaf();
        const cond = this.expr();
        const semi = this.expect(";");
        return { k: "assert", assert, cond, semi, body: this.expr() };
      }
      case "if": {
        const if_ = this.leaf();
        const cond = this.expr();
        const then = this.expect("then");
        const a = this.expr();
        const else_ = this.expect("else");
        return { k: "if", if: if_, cond, then, a, else: else_, b: this.expr() };
      }
      case "{":
        if (this.formalsAhead()) return this.abstraction();
        break;
      case ID: {
        const after = this.peekAfter();
        if (after === ":" || after === "@") return this.abstraction();
        break;
      }
    }
    return this.operation(0);
  }

  /** Whether the `{` at `pos` opens a function's parameter set rather than an attribute set. */
  private formalsAhead(): boolean {
    const s = this.src;
    const i = this.skip(this.pos + 1);
    const c = s.charCodeAt(i);
    if (c === 125 /* } */) {
      const n = s.charCodeAt(this.skip(i + 1));
      return n === 58 /* : */ || n === 64; /* @ */
    }
    if (s.startsWith("...", i)) return true;
    if (!is(c, IDENT_START)) return false;
    let j = i + 1;
    while (is(s.charCodeAt(j), IDENT)) j++;
    const n = s.charCodeAt(this.skip(j));
    return n === 44 /* , */ || n === 63 /* ? */ || n === 125; /* } */
  }

  private abstraction(): Expression {
    let param: Parameter;
    if (this.peek() === ID) {
      if (this.isOr()) giveUp();
      const id: Parameter = { k: "id", leaf: this.leaf("ident") };
      if (this.peek() === "@") {
        const at = this.leaf();
        param = { k: "context", first: id, at, second: this.setParameter() };
      } else param = id;
    } else {
      const set = this.setParameter();
      if (this.peek() === "@") {
        const at = this.leaf();
        if (this.peek() !== ID || this.isOr()) giveUp();
        param = { k: "context", first: set, at, second: { k: "id", leaf: this.leaf("ident") } };
      } else param = set;
    }
    const colon = this.expect(":");
    return { k: "abstraction", param, colon, body: this.expr() };
  }

  private setParameter(): Parameter {
    const open = this.expect("{");
    const attrs: ParamAttr[] = [];
    while (this.peek() !== "}") {
      if (this.peek() === "...") {
        attrs.push({ k: "ellipsis", leaf: this.leaf() });
        break;
      }
      if (this.peek() !== ID || this.isOr()) giveUp();
      const name = this.leaf("ident");
      let def: { q: Leaf; expr: Expression } | null = null;
      if (this.peek() === "?") {
        const q = this.leaf();
        def = { q, expr: this.expr() };
      }
      const comma = this.peek() === "," ? this.leaf() : null;
      attrs.push({ k: "attr", name, def, comma });
      if (comma === null) break;
    }
    return { k: "set", open, attrs, close: this.expect("}") };
  }

  /** Operators, by precedence climbing with tree-sitter-nix's precedences. */
  private operation(minPrec: number): Expression {
    let left: Expression;
    const first = this.peek();
    if (first === "!") {
      const bang = this.leaf();
      left = { k: "inversion", bang, expr: this.operation(PREC_NOT + 1) };
    } else if (first === "-") {
      const minus = this.leaf();
      left = { k: "negation", minus, expr: this.operation(PREC_NEGATE + 1) };
    } else left = this.application();
    // The precedence of a comparison just read at this level: comparisons do not chain in Nix.
    let comparison = -1;
    for (;;) {
      const type = this.peek();
      if (type === "?") {
        if (PREC_HAS_ATTR < minPrec) break;
        const q = this.leaf();
        left = { k: "memberCheck", expr: left, q, sels: this.selectors(null) };
        comparison = -1;
        continue;
      }
      const op = BINARY[type];
      if (op === undefined || op.prec < minPrec) break;
      // `a < b < c`, `a == b != c`: a syntax error, which tree-sitter's reading reports.
      if (op.prec === comparison) giveUp();
      const leaf = this.leaf();
      left = operation(left, leaf, this.operation(op.right ? op.prec : op.prec + 1));
      comparison = op.prec === PREC_EQUALITY || op.prec === PREC_COMPARISON ? op.prec : -1;
    }
    return left;
  }

  private application(): Expression {
    let f: Expression = { k: "term", term: this.selection() };
    while (this.startsArgument())
      f = { k: "application", f, a: { k: "term", term: this.selection() } };
    return f;
  }

  /** Whether the current token starts a function's argument. */
  private startsArgument(): boolean {
    switch (this.peek()) {
      case ID:
        return this.isOr() ? giveUp() : true;
      case PATH:
      case INT:
      case FLOAT:
      case STRING:
      case INDENTED:
      case SPATH:
      case URI:
      case "(":
      case "{":
      case "[":
      case "rec":
        return true;
      case "let":
        return giveUp();
      default:
        return false;
    }
  }

  private selection(): Term {
    const term = this.term();
    if (this.peek() !== ".") return term;
    const dot = this.leaf();
    const sels = this.selectors(dot);
    let def: { or: Leaf; term: Term } | null = null;
    if (this.isOr()) {
      const or = this.leaf();
      def = { or, term: this.selection() };
    }
    return { k: "selection", term, sels, def };
  }

  private term(): Term {
    switch (this.peek()) {
      case ID:
        if (this.isOr()) giveUp();
        return { k: "token", leaf: this.leaf("ident") };
      case INT:
        return { k: "token", leaf: this.leaf("int") };
      case FLOAT:
        return { k: "token", leaf: this.leaf("float") };
      case SPATH:
        return { k: "token", leaf: this.leaf("envPath") };
      case PATH:
        return { k: "path", ann: this.path() };
      case URI:
        return { k: "simpleString", ann: this.rawToken((text) => [[{ k: "text", text }]]) };
      case STRING:
        return { k: "simpleString", ann: this.simpleStringHere() };
      case INDENTED: {
        const start = this.pos;
        const t = this.indentedString(this.rowAt(start), () => this.stringParts(start + 2, true));
        this.pos = this.skip(this.pos);
        return t;
      }
      case "(": {
        const open = this.leaf();
        const expr = this.expr();
        return { k: "paren", open, expr, close: this.expect(")") };
      }
      case "rec":
      case "let": {
        const kw = this.leaf();
        return this.set(kw);
      }
      case "{":
        return this.set(null);
      case "[": {
        const open = this.leaf();
        const items: Item<Term>[] = [];
        while (this.peek() !== "]") {
          this.pushComments(items);
          items.push({ k: "item", value: this.selection() });
        }
        this.pushComments(items);
        return { k: "list", open, items, close: this.leaf() };
      }
      default:
        return giveUp();
    }
  }

  /** A path: pieces of path characters and `/`, and interpolations right after them. */
  private path(): Ann<StringPart[]> {
    const s = this.src;
    const start = this.pos;
    const row = this.rowAt(start);
    const pre = this.take();
    const parts: StringPart[] = [];
    let text = start;
    let i = this.tokenEnd();
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 47 || isPathChar(c)) i++;
      else if (c === 36 /* $ */) {
        if (s.charCodeAt(i + 1) !== 123) giveUp();
        i = this.interpolationIn(parts, text, i);
        text = i;
      } else break;
    }
    this.textIn(parts, text, i);
    const whole = s.slice(start, i);
    if (whole.includes("//") || whole.endsWith("/")) giveUp();
    return this.finish(pre, normalizeLine(parts), i, row);
  }

  /** A token whose value is made from its text (paths, URIs). */
  private rawToken<T>(value: (text: string) => T): Ann<T> {
    const start = this.pos;
    const end = this.tokenEnd();
    const pre = this.take();
    return this.finish(pre, value(this.src.slice(start, end)), end, this.rowAt(start));
  }

  private set(kw: Leaf | null): Term {
    const open = this.expect("{");
    const items = this.binders("}");
    return { k: "set", rec: kw, open, items, close: this.leaf() };
  }

  /** Bindings up to the token `end` (not read). */
  private binders(end: string): Item<Binder>[] {
    const out: Item<Binder>[] = [];
    while (this.peek() !== end) {
      this.pushComments(out);
      out.push({ k: "item", value: this.binder() });
    }
    this.pushComments(out);
    return out;
  }

  private binder(): Binder {
    if (this.peek() === "inherit") {
      const inherit = this.leaf();
      let from: Term | null = null;
      if (this.peek() === "(") {
        const open = this.leaf();
        const expr = this.expr();
        from = { k: "paren", open, expr, close: this.expect(")") };
      }
      const sels: SimpleSelector[] = [];
      while (this.peek() !== ";") sels.push(this.simpleSelector());
      if (sels.length === 0) giveUp();
      return { k: "inherit", inherit, from, sels, semi: this.leaf() };
    }
    const sels = this.selectors(null);
    const eq = this.expect("=");
    const expr = this.expr();
    return { k: "assignment", sels, eq, expr, semi: this.expect(";") };
  }

  /** An attribute path; `firstDot`: the `.` read before it (selections). */
  private selectors(firstDot: Leaf | null): Selector[] {
    const out: Selector[] = [{ dot: firstDot, sel: this.simpleSelector() }];
    while (this.peek() === ".") {
      const dot = this.leaf();
      out.push({ dot, sel: this.simpleSelector() });
    }
    return out;
  }

  private simpleSelector(): SimpleSelector {
    switch (this.peek()) {
      case ID:
        if (this.isOr()) giveUp();
        return { k: "id", leaf: this.leaf("ident") };
      case STRING:
        return { k: "string", ann: this.simpleStringHere() };
      case "${": {
        const start = this.pos;
        const row = this.rowAt(start);
        const pre = this.take();
        const part = this.interpolation(start + 2);
        return { k: "interpolation", ann: this.finish(pre, part, this.pos + 1, row) };
      }
      default:
        return giveUp();
    }
  }

  /** Adds the raw text from `from` to `to` (if any) to a string's or path's parts. */
  private textIn(parts: StringPart[], from: number, to: number): void {
    if (to > from) parts.push({ k: "text", text: this.src.slice(from, to) });
  }

  /**
   * Adds the text from `text` and the interpolation whose `${` is at `at` to `parts`; returns the
   * index after its `}`.
   */
  private interpolationIn(parts: StringPart[], text: number, at: number): number {
    this.textIn(parts, text, at);
    parts.push(this.interpolation(at + 2));
    return this.pos + 1;
  }

  /** `${ … }` whose content starts at `openEnd`; leaves `pos` at its `}`. */
  private interpolation(openEnd: number): StringPart {
    return this.interpolated(openEnd, () => {
      this.pos = this.skip(openEnd);
      const e = this.expr();
      if (this.peek() !== "}") giveUp();
      return e;
    });
  }

  private simpleStringHere(): Ann<StringLines> {
    const start = this.pos;
    const a = this.simpleString(this.rowAt(start), () => this.stringParts(start + 1, false));
    this.pos = this.skip(this.pos);
    return a;
  }

  /**
   * The raw text and interpolations of a string whose content starts at `from`; leaves `pos` at
   * the index after its closing delimiter.
   */
  private stringParts(from: number, indented: boolean): { parts: StringPart[]; end: number } {
    const s = this.src;
    const parts: StringPart[] = [];
    let text = from;
    let i = from;
    for (;;) {
      if (i >= s.length) giveUp();
      const c = s.charCodeAt(i);
      if (!indented && c === 34 /* " */) break;
      if (indented && c === 39 && s.charCodeAt(i + 1) === 39) {
        const n = s.charCodeAt(i + 2);
        if (n === 39 /* ''' */ || n === 36 /* ''$ */) i += 3;
        else if (n === 92 /* ''\ */) i += 4;
        else break;
      } else if (!indented && c === 92 /* \ */) i += 2;
      else if (c === 36 /* $ */) {
        const n = s.charCodeAt(i + 1);
        if (n === 36) giveUp(); // `$${`: the lexers' corners
        if (n !== 123) {
          i++;
          continue;
        }
        i = this.interpolationIn(parts, text, i);
        text = i;
      } else i++;
    }
    this.textIn(parts, text, i);
    const end = i + (indented ? 2 : 1);
    this.pos = end;
    return { parts, end };
  }
}
