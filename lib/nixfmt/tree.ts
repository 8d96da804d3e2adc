/**
 * The syntax tree the official formatter works on (nixfmt's `Types.hs`), in TypeScript: every token
 * is an `Ann` carrying its own trivia, the comments and blank lines on the lines before it and at
 * most one comment after it on its line. Formatting rules move comments between tokens
 * (`moveTrailingCommentUp`, a comment after `in` going to the body's first token, ...), so the tree
 * keeps them where nixfmt keeps them and nowhere else.
 *
 * Parsed source reaches this tree with its trivia (`fromCst.ts`); builder-made trees reach it
 * without (`fromAst.ts`). Both are then printed by the same rules (`pretty.ts`).
 *
 * @module
 */

/** A directive of a `/*nixfmt:disable*\/` … `/*nixfmt:enable*\/` region, resolved while parsing. */
export type Directive =
  | { readonly k: "disable" }
  /** A region left open to the end of the file: its raw text, byte for byte. */
  | { readonly k: "toEof"; readonly raw: string }
  /** `/*nixfmt:enable*\/`: the raw text of the region it closes, or `null` for a lone one. */
  | { readonly k: "enable"; readonly raw: string | null };

/** One piece of trivia. */
export type Trivium =
  | { readonly k: "emptyLine" }
  /** `#text` (text after `#`, starting with its space if any). */
  | { readonly k: "lineComment"; readonly text: string }
  | { readonly k: "blockComment"; readonly doc: boolean; readonly lines: readonly string[] }
  /** `/* lang *\/` right before a string. */
  | { readonly k: "languageAnnotation"; readonly lang: string }
  | { readonly k: "directive"; readonly directive: Directive };

export type Trivia = readonly Trivium[];

/** A token with its trivia: comments and blank lines before it, one comment after it. */
export interface Ann<T> {
  readonly pre: Trivia;
  /** 1-based source line of the token; 1 everywhere in strict mode and for built trees. */
  readonly line: number;
  readonly value: T;
  /** The text of a `# comment` after the token on its line, trimmed. */
  readonly trail: string | null;
}

/** Kinds of leaf tokens: literals and names carry their text; `sym` is a keyword or symbol. */
export type TokenKind = "int" | "float" | "ident" | "envPath" | "sym";

export interface Token {
  readonly kind: TokenKind;
  /** The token's text as printed (`<nixpkgs>` for an env path). */
  readonly text: string;
}

export type Leaf = Ann<Token>;

export type Item<T> =
  { readonly k: "item"; readonly value: T } | { readonly k: "comments"; readonly trivia: Trivia };

export type Items<T> = readonly Item<T>[];

export type StringPart =
  | { readonly k: "text"; readonly text: string }
  | { readonly k: "interpolation"; readonly whole: Whole<Expression> };

/** A string's lines, each a list of parts. */
export type StringLines = readonly (readonly StringPart[])[];

export type SimpleSelector =
  | { readonly k: "id"; readonly leaf: Leaf }
  | { readonly k: "interpolation"; readonly ann: Ann<StringPart> }
  | { readonly k: "string"; readonly ann: Ann<StringLines> };

export interface Selector {
  readonly dot: Leaf | null;
  readonly sel: SimpleSelector;
}

export type Binder =
  | {
      readonly k: "inherit";
      readonly inherit: Leaf;
      readonly from: Term | null;
      readonly sels: readonly SimpleSelector[];
      readonly semi: Leaf;
    }
  | {
      readonly k: "assignment";
      readonly sels: readonly Selector[];
      readonly eq: Leaf;
      readonly expr: Expression;
      readonly semi: Leaf;
    };

export type Term =
  | { readonly k: "token"; readonly leaf: Leaf }
  | { readonly k: "simpleString"; readonly ann: Ann<StringLines> }
  | { readonly k: "indentedString"; readonly cut: string | null; readonly ann: Ann<StringLines> }
  | { readonly k: "path"; readonly ann: Ann<readonly StringPart[]> }
  | { readonly k: "list"; readonly open: Leaf; readonly items: Items<Term>; readonly close: Leaf }
  | {
      readonly k: "set";
      readonly rec: Leaf | null;
      readonly open: Leaf;
      readonly items: Items<Binder>;
      readonly close: Leaf;
    }
  | {
      readonly k: "selection";
      readonly term: Term;
      readonly sels: readonly Selector[];
      readonly def: { readonly or: Leaf; readonly term: Term } | null;
    }
  | { readonly k: "paren"; readonly open: Leaf; readonly expr: Expression; readonly close: Leaf };

export type ParamAttr =
  | {
      readonly k: "attr";
      readonly name: Leaf;
      readonly def: { readonly q: Leaf; readonly expr: Expression } | null;
      readonly comma: Leaf | null;
    }
  | { readonly k: "ellipsis"; readonly leaf: Leaf };

export type Parameter =
  | { readonly k: "id"; readonly leaf: Leaf }
  | {
      readonly k: "set";
      readonly open: Leaf;
      readonly attrs: readonly ParamAttr[];
      readonly close: Leaf;
    }
  | {
      readonly k: "context";
      readonly first: Parameter;
      readonly at: Leaf;
      readonly second: Parameter;
    };

export type Expression =
  | { readonly k: "term"; readonly term: Term }
  | {
      readonly k: "with";
      readonly with: Leaf;
      readonly env: Expression;
      readonly semi: Leaf;
      readonly body: Expression;
    }
  | {
      readonly k: "let";
      readonly let: Leaf;
      readonly items: Items<Binder>;
      readonly in: Leaf;
      readonly body: Expression;
    }
  | {
      readonly k: "assert";
      readonly assert: Leaf;
      readonly cond: Expression;
      readonly semi: Leaf;
      readonly body: Expression;
    }
  | {
      readonly k: "if";
      readonly if: Leaf;
      readonly cond: Expression;
      readonly then: Leaf;
      readonly a: Expression;
      readonly else: Leaf;
      readonly b: Expression;
    }
  | {
      readonly k: "abstraction";
      readonly param: Parameter;
      readonly colon: Leaf;
      readonly body: Expression;
    }
  | { readonly k: "application"; readonly f: Expression; readonly a: Expression }
  | {
      readonly k: "operation";
      readonly l: Expression;
      readonly op: Leaf;
      readonly r: Expression;
    }
  | {
      readonly k: "memberCheck";
      readonly expr: Expression;
      readonly q: Leaf;
      readonly sels: readonly Selector[];
    }
  | { readonly k: "negation"; readonly minus: Leaf; readonly expr: Expression }
  | { readonly k: "inversion"; readonly bang: Leaf; readonly expr: Expression };

/** An expression and the trivia after it (a file, an interpolation's content). */
export interface Whole<T> {
  readonly value: T;
  readonly trivia: Trivia;
}

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

export function ann<T>(value: T, line = 1): Ann<T> {
  return { pre: [], line, value, trail: null };
}

export function sym(text: string, line = 1): Leaf {
  return ann({ kind: "sym", text }, line);
}

export function term(t: Term): Expression {
  return { k: "term", term: t };
}

/** nixfmt's `LoneAnn`: no trivia before, no comment after. */
export function isLone(a: Ann<unknown>): boolean {
  return a.pre.length === 0 && a.trail === null;
}

export function hasTrivia(a: Ann<unknown>): boolean {
  return !isLone(a);
}

export function hasPreTrivia(a: Ann<unknown>): boolean {
  return a.pre.length > 0;
}

type AnnMap = <T>(a: Ann<T>) => Ann<T>;

// The mappings below return their input itself when `f` returns its token unchanged: most calls
// change nothing (a token without comments), and rebuilding the path to the token every time was
// garbage for nothing.

/** Maps the first token of a term, however deep it sits. */
export function mapFirstTokenTerm(t: Term, f: AnnMap): Term {
  switch (t.k) {
    case "token": {
      const leaf = f(t.leaf);
      return leaf === t.leaf ? t : { ...t, leaf };
    }
    case "simpleString":
    case "indentedString":
    case "path": {
      const a = f(t.ann as Ann<unknown>);
      return a === t.ann ? t : ({ ...t, ann: a } as Term);
    }
    case "list":
    case "paren": {
      const open = f(t.open);
      return open === t.open ? t : { ...t, open };
    }
    case "set": {
      if (t.rec) {
        const rec = f(t.rec);
        return rec === t.rec ? t : { ...t, rec };
      }
      const open = f(t.open);
      return open === t.open ? t : { ...t, open };
    }
    case "selection": {
      const term = mapFirstTokenTerm(t.term, f);
      return term === t.term ? t : { ...t, term };
    }
  }
}

function mapFirstTokenParam(p: Parameter, f: AnnMap): Parameter {
  switch (p.k) {
    case "id": {
      const leaf = f(p.leaf);
      return leaf === p.leaf ? p : { ...p, leaf };
    }
    case "set": {
      const open = f(p.open);
      return open === p.open ? p : { ...p, open };
    }
    case "context": {
      const first = mapFirstTokenParam(p.first, f);
      return first === p.first ? p : { ...p, first };
    }
  }
}

/** Maps the first token of an expression, however deep it sits. */
export function mapFirstToken(e: Expression, f: AnnMap): Expression {
  switch (e.k) {
    case "term": {
      const term = mapFirstTokenTerm(e.term, f);
      return term === e.term ? e : { ...e, term };
    }
    case "with": {
      const with_ = f(e.with);
      return with_ === e.with ? e : { ...e, with: with_ };
    }
    case "let": {
      const let_ = f(e.let);
      return let_ === e.let ? e : { ...e, let: let_ };
    }
    case "assert": {
      const assert = f(e.assert);
      return assert === e.assert ? e : { ...e, assert };
    }
    case "if": {
      const if_ = f(e.if);
      return if_ === e.if ? e : { ...e, if: if_ };
    }
    case "abstraction": {
      const param = mapFirstTokenParam(e.param, f);
      return param === e.param ? e : { ...e, param };
    }
    case "application": {
      const fn = mapFirstToken(e.f, f);
      return fn === e.f ? e : { ...e, f: fn };
    }
    case "operation": {
      const l = mapFirstToken(e.l, f);
      return l === e.l ? e : { ...e, l };
    }
    case "memberCheck": {
      const expr = mapFirstToken(e.expr, f);
      return expr === e.expr ? e : { ...e, expr };
    }
    case "negation": {
      const minus = f(e.minus);
      return minus === e.minus ? e : { ...e, minus };
    }
    case "inversion": {
      const bang = f(e.bang);
      return bang === e.bang ? e : { ...e, bang };
    }
  }
}

/** Reads the first token of a term (the mapping rebuilds nothing when the token is unchanged). */
export function firstTokenTerm(t: Term): Ann<unknown> {
  let out: Ann<unknown> | undefined;
  mapFirstTokenTerm(t, (a) => ((out = a), a));
  return out!;
}

/** Reads the first token of an expression. */
export function firstToken(e: Expression): Ann<unknown> {
  let out: Ann<unknown> | undefined;
  mapFirstToken(e, (a) => ((out = a), a));
  return out!;
}

function mapLastTokenSimpleSelector(s: SimpleSelector, f: AnnMap): SimpleSelector {
  switch (s.k) {
    case "id": {
      const leaf = f(s.leaf);
      return leaf === s.leaf ? s : { ...s, leaf };
    }
    case "interpolation": {
      const a = f(s.ann);
      return a === s.ann ? s : { ...s, ann: a };
    }
    case "string": {
      const a = f(s.ann);
      return a === s.ann ? s : { ...s, ann: a };
    }
  }
}

function mapLastTokenSelectors(sels: readonly Selector[], f: AnnMap): readonly Selector[] {
  const last = sels[sels.length - 1]!;
  const sel = mapLastTokenSimpleSelector(last.sel, f);
  if (sel === last.sel) return sels;
  const out = [...sels];
  out[out.length - 1] = { ...last, sel };
  return out;
}

export function mapLastTokenTerm(t: Term, f: AnnMap): Term {
  switch (t.k) {
    case "token": {
      const leaf = f(t.leaf);
      return leaf === t.leaf ? t : { ...t, leaf };
    }
    case "simpleString":
    case "indentedString":
    case "path": {
      const a = f(t.ann as Ann<unknown>);
      return a === t.ann ? t : ({ ...t, ann: a } as Term);
    }
    case "list":
    case "set":
    case "paren": {
      const close = f(t.close);
      return close === t.close ? t : { ...t, close };
    }
    case "selection":
      if (t.def) {
        const term = mapLastTokenTerm(t.def.term, f);
        return term === t.def.term ? t : { ...t, def: { ...t.def, term } };
      }
      if (t.sels.length > 0) {
        const sels = mapLastTokenSelectors(t.sels, f);
        return sels === t.sels ? t : { ...t, sels };
      } else {
        const term = mapLastTokenTerm(t.term, f);
        return term === t.term ? t : { ...t, term };
      }
  }
}

function mapLastTokenParam(p: Parameter, f: AnnMap): Parameter {
  switch (p.k) {
    case "id": {
      const leaf = f(p.leaf);
      return leaf === p.leaf ? p : { ...p, leaf };
    }
    case "set": {
      const close = f(p.close);
      return close === p.close ? p : { ...p, close };
    }
    case "context": {
      const second = mapLastTokenParam(p.second, f);
      return second === p.second ? p : { ...p, second };
    }
  }
}

/** Maps the last token of an expression. */
export function mapLastToken(e: Expression, f: AnnMap): Expression {
  switch (e.k) {
    case "term": {
      const term = mapLastTokenTerm(e.term, f);
      return term === e.term ? e : { ...e, term };
    }
    case "with":
    case "let":
    case "assert":
    case "abstraction": {
      const body = mapLastToken(e.body, f);
      return body === e.body ? e : { ...e, body };
    }
    case "if": {
      const b = mapLastToken(e.b, f);
      return b === e.b ? e : { ...e, b };
    }
    case "application": {
      const a = mapLastToken(e.a, f);
      return a === e.a ? e : { ...e, a };
    }
    case "operation": {
      const r = mapLastToken(e.r, f);
      return r === e.r ? e : { ...e, r };
    }
    case "memberCheck": {
      const sels = mapLastTokenSelectors(e.sels, f);
      return sels === e.sels ? e : { ...e, sels };
    }
    case "negation":
    case "inversion": {
      const expr = mapLastToken(e.expr, f);
      return expr === e.expr ? e : { ...e, expr };
    }
  }
}

/**
 * An operation as nixfmt's parser builds it: `(a + b) + c` is read as `a + (b + c)` (one level, as
 * nixfmt's `mkOp`), every other operator as given.
 */
export function operation(l: Expression, op: Leaf, r: Expression): Expression {
  if (op.value.text === "+" && l.k === "operation" && sameToken(l.op, op))
    return { k: "operation", l: l.l, op: l.op, r: { k: "operation", l: l.r, op, r } };
  return { k: "operation", l, op, r };
}

/** Leaves compare by their token (nixfmt's `Eq (Ann a)` ignores trivia). */
export function sameToken(a: Leaf, b: Leaf): boolean {
  return a.value.kind === b.value.kind && a.value.text === b.value.text;
}
