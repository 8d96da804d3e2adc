/**
 * The document model of the official Nix formatter (nixfmt's `Predoc`), in TypeScript.
 *
 * A document is a list of texts, spacings and groups. Spacings say how two texts may be separated
 * (`line` is a space or a line break, `softline'` nothing or a line break, ...); a group is laid out on
 * one line when it fits and expanded otherwise. Priority groups are expanded first (the last argument
 * of a call, say), transparent groups pass their priority children to their parent. `nest` raises the
 * nesting level of its texts; the layout engine indents at most once per line however many levels
 * a line opens, which is what keeps `a = f {` from indenting twice.
 *
 * Builders here produce unresolved documents (with `nest`/`offset` wrappers, so nesting costs one
 * node, not a walk); `resolve` turns them into the flat form that `fixup` and the layout use.
 *
 * @module
 */

export const enum Sp {
  /** Line break or nothing (soft). */
  Softbreak = 0,
  /** Line break or nothing. */
  Break = 1,
  /** Always a space. */
  Hardspace = 2,
  /** Line break or space (soft). */
  Softspace = 3,
  /** Line break or space. */
  Space = 4,
  /** Always a line break. */
  Hardline = 5,
  /** Two line breaks. */
  Emptyline = 6,
  /** `n` line breaks. */
  Newlines = 7,
}

export const enum GroupAnn {
  Regular = 0,
  Priority = 1,
  Transparent = 2,
}

export const enum TextAnn {
  Regular = 0,
  /** Comments do not count towards some width limits. */
  Comment = 1,
  /** A `# comment` at the end of a line. */
  TrailingComment = 2,
  /** Text only printed when its group is expanded (the trailing comma of formals). */
  Trailing = 3,
  /** Start of a `/*nixfmt:disable*\/` region: nothing is printed until its verbatim text. */
  DisableMarker = 4,
  /** The raw source of a disabled region, printed as it is. */
  Verbatim = 5,
  /** The raw source of a disabled region reaching the end of the file. */
  VerbatimEof = 6,
  /** Text printed as it is, without indentation. */
  RawText = 7,
}

export interface DText {
  readonly k: "text";
  readonly ann: TextAnn;
  readonly t: string;
  /**
   * Nesting level and offset, filled in by `resolve` (in place: every text node is created fresh
   * by the builders and used once, so this saves a copy of each one).
   */
  nl: number;
  off: number;
}
export interface DSpacing {
  readonly k: "sp";
  readonly s: Sp;
  /** Line count for `Sp.Newlines`. */
  readonly n: number;
}
export interface DGroup {
  readonly k: "group";
  readonly ann: GroupAnn;
  readonly doc: Doc;
}
export interface DNest {
  readonly k: "nest";
  readonly doc: Doc;
}
export interface DOffset {
  readonly k: "offset";
  readonly by: number;
  readonly doc: Doc;
}
export type DocNode = DText | DSpacing | DGroup | DNest | DOffset;
export type Doc = readonly DocNode[];

// Resolved documents: nesting levels and offsets are stored on texts.
export type RText = DText;
export interface RGroup {
  readonly k: "group";
  readonly ann: GroupAnn;
  readonly doc: RDoc;
  /** A spacing that `fixup` moved into the group (saves copying the group's content). */
  readonly prefix?: DSpacing;
}
export type RNode = RText | DSpacing | RGroup;
export type RDoc = readonly RNode[];

// ---------------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------------

export const empty: Doc = [];

export function text(t: string): Doc {
  return t === "" ? empty : [{ k: "text", ann: TextAnn.Regular, t, nl: 0, off: 0 }];
}
export function comment(t: string): Doc {
  return t === "" ? empty : [{ k: "text", ann: TextAnn.Comment, t, nl: 0, off: 0 }];
}
export function trailingComment(t: string): Doc {
  return t === "" ? empty : [{ k: "text", ann: TextAnn.TrailingComment, t, nl: 0, off: 0 }];
}
export function trailing(t: string): Doc {
  return t === "" ? empty : [{ k: "text", ann: TextAnn.Trailing, t, nl: 0, off: 0 }];
}

/** Marks the start of a disabled region (its text comes in the following `verbatim`). */
export const disableMarker: Doc = [{ k: "text", ann: TextAnn.DisableMarker, t: "", nl: 0, off: 0 }];
/** The raw text of a disabled region. */
export function verbatim(t: string, toEof = false): Doc {
  return [{ k: "text", ann: toEof ? TextAnn.VerbatimEof : TextAnn.Verbatim, t, nl: 0, off: 0 }];
}
/** Text printed as it is, without indentation (it still claims the start of its line). */
export function rawText(t: string): Doc {
  return [{ k: "text", ann: TextAnn.RawText, t, nl: 0, off: 0 }];
}

export function isVerbatim(x: RNode): boolean {
  return x.k === "text" && (x.ann === TextAnn.Verbatim || x.ann === TextAnn.VerbatimEof);
}

/**
 * nixfmt's `removeDisabled`: a disable marker with no verbatim text after it becomes a plain
 * comment, so it suppresses nothing.
 */
export function removeDisabled(doc: RDoc): RNode[] {
  // One walk counts both: verbatim texts (regions closed) and markers (documents without any,
  // nearly all, are returned as they are).
  let left = 0;
  let markers = 0;
  const count = (d: RDoc): void => {
    for (const x of d) {
      if (isVerbatim(x)) left++;
      else if (x.k === "text" && x.ann === TextAnn.DisableMarker) markers++;
      else if (x.k === "group") count(x.doc);
    }
  };
  count(doc);
  if (markers === 0) return doc as RNode[];
  const go = (d: RDoc): RNode[] => {
    const out: RNode[] = [];
    for (const x of d) {
      if (x.k === "text" && x.ann === TextAnn.DisableMarker) {
        if (left > 0) out.push(x);
        else
          out.push(
            { k: "text", ann: TextAnn.Comment, t: "/*nixfmt:disable*/", nl: x.nl, off: x.off },
            { k: "sp", s: Sp.Hardline, n: 0 },
          );
      } else if (isVerbatim(x)) {
        left--;
        out.push(x);
      } else if (x.k === "group") out.push({ ...x, doc: go(x.doc) });
      else out.push(x);
    }
    return out;
  };
  return go(doc);
}

function spacing(s: Sp, n = 0): Doc {
  return [{ k: "sp", s, n }];
}
/** Line break or nothing (soft). */
export const softline_: Doc = spacing(Sp.Softbreak);
/** Line break or nothing. */
export const line_: Doc = spacing(Sp.Break);
/** Line break or space (soft). */
export const softline: Doc = spacing(Sp.Softspace);
/** Line break or space. */
export const line: Doc = spacing(Sp.Space);
export const hardspace: Doc = spacing(Sp.Hardspace);
export const hardline: Doc = spacing(Sp.Hardline);
export const emptyline: Doc = spacing(Sp.Emptyline);
export const newline: Doc = spacing(Sp.Newlines, 1);

/** Concatenates documents. */
export function cat(...docs: Doc[]): Doc {
  return catAll(docs);
}

/**
 * Concatenates a list of documents; for long lists (a 60,000-item list), which a spread into
 * `cat(...)` would pass as that many arguments and exhaust the stack. Indexed loops: this runs for
 * every construct, mostly before V8 optimises it, when `for … of` costs an iterator per loop.
 */
export function catAll(docs: readonly Doc[]): Doc {
  let size = 0;
  let only: Doc = empty;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    size += d.length;
    if (d.length > 0) only = d;
  }
  // One non-empty part (often: the others are empty trivia): it is the result, uncopied.
  if (size === only.length) return only;
  const out: DocNode[] = new Array(size);
  let k = 0;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    for (let j = 0; j < d.length; j++) out[k++] = d[j]!;
  }
  return out;
}

export function group(doc: Doc, ann: GroupAnn = GroupAnn.Regular): Doc {
  return doc.length === 0 ? empty : [{ k: "group", ann, doc }];
}
export function nest(doc: Doc): Doc {
  return doc.length === 0 ? empty : [{ k: "nest", doc }];
}
/** Shifts texts right by `by` columns without the nesting rules (indented strings). */
export function offset(by: number, doc: Doc): Doc {
  return doc.length === 0 || by === 0 ? doc : [{ k: "offset", by, doc }];
}
export function surroundWith(outside: Doc, inner: Doc): Doc {
  return cat(outside, inner, outside);
}
export function sepBy(separator: Doc, docs: readonly Doc[]): Doc {
  const parts: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) parts.push(separator);
    parts.push(d);
  });
  return catAll(parts);
}

// ---------------------------------------------------------------------------------------------------
// Resolution, spacing merge, fixup
// ---------------------------------------------------------------------------------------------------

/**
 * Flattens `nest` and `offset` wrappers into the nesting level and offset of each text. A list
 * without wrappers (most of them) is resolved in place: its texts get their level (as every text
 * does), and a group is only rebuilt when its content was; the document is not copied.
 */
export function resolve(doc: Doc, nl = 0, off = 0): RNode[] {
  for (let i = 0; i < doc.length; i++) {
    const k = doc[i]!.k;
    if (k === "nest" || k === "offset") return resolveInto(doc, nl, off, []);
  }
  const d = doc as DocNode[];
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    if (x.k === "text") {
      x.nl = nl;
      x.off = off;
    } else if (x.k === "group") {
      const g = withContent(x, resolve(x.doc, nl, off));
      if (g !== x) d[i] = g;
    }
  }
  return d as RNode[];
}

function resolveInto(doc: Doc, nl: number, off: number, out: RNode[]): RNode[] {
  for (let i = 0; i < doc.length; i++) {
    const x = doc[i]!;
    switch (x.k) {
      case "text":
        x.nl = nl;
        x.off = off;
        out.push(x);
        break;
      case "sp":
        out.push(x);
        break;
      case "group":
        out.push(withContent(x, resolve(x.doc, nl, off)));
        break;
      case "nest":
        resolveInto(x.doc, nl + 1, off, out);
        break;
      case "offset":
        resolveInto(x.doc, nl, off + x.by, out);
        break;
    }
  }
  return out;
}

/**
 * The group `g` with content `doc`: `g` itself when that is its content and nothing was moved
 * into it (documents are changed in place or copied only where they change).
 */
function withContent(g: DGroup | RGroup, doc: RDoc): RGroup {
  return doc === g.doc && (g as RGroup).prefix === undefined
    ? (g as RGroup)
    : { k: "group", ann: g.ann, doc };
}

function compareSpacing(a: DSpacing, b: DSpacing): number {
  return a.s !== b.s ? a.s - b.s : a.n - b.n;
}

/** Sequential spacings reduce to one: the larger, with a few combinations. */
export function mergeSpacings(x: DSpacing, y: DSpacing): DSpacing {
  if (compareSpacing(x, y) > 0) return mergeSpacings(y, x);
  if (x.s === Sp.Break && y.s === Sp.Softspace) return { k: "sp", s: Sp.Space, n: 0 };
  if (x.s === Sp.Break && y.s === Sp.Hardspace) return { k: "sp", s: Sp.Space, n: 0 };
  if (x.s === Sp.Softbreak && y.s === Sp.Hardspace) return { k: "sp", s: Sp.Softspace, n: 0 };
  if (x.s === Sp.Newlines && y.s === Sp.Newlines) return { k: "sp", s: Sp.Newlines, n: x.n + y.n };
  if (x.s === Sp.Emptyline && y.s === Sp.Newlines) return { k: "sp", s: Sp.Newlines, n: y.n + 2 };
  if (x.s === Sp.Hardspace && y.s === Sp.Newlines) return y;
  if (y.s === Sp.Newlines) return { k: "sp", s: Sp.Newlines, n: y.n + 1 };
  return y;
}

export function isHardSpacing(x: RNode): boolean {
  return x.k === "sp" && x.s >= Sp.Hardspace && x.s !== Sp.Softspace && x.s !== Sp.Space;
}

export function isComment(x: RNode): boolean {
  if (x.k === "text") return x.ann === TextAnn.Comment || x.ann === TextAnn.TrailingComment;
  if (x.k === "group") {
    for (let i = 0; i < x.doc.length; i++) {
      const y = x.doc[i]!;
      if (!isComment(y) && !isHardSpacing(y)) return false;
    }
    return true;
  }
  return false;
}

/**
 * nixfmt's `fixup`: merges consecutive spacings and texts, moves hard spacings and comments out of
 * the edges of groups (so a comment's hardline does not force its group to expand), dissolves
 * empty groups and groups that only wrap one group of the same kind.
 */
export function fixup(doc: RDoc): RNode[] {
  // A run stopped by an error (a stack overflow on deep input) may have left items behind.
  BACK.length = 0;
  return fixupAt(doc);
}

function fixupAt(doc: RDoc, prefix?: DSpacing): RNode[] {
  // `doc` is read in order; items put back in front of it wait on a stack, shared by all calls
  // (this one's items are those above `base`): one array per call was most of fixup's garbage.
  const back = BACK;
  const base = back.length;
  if (prefix) back.push(prefix);
  let i = 0;
  // The output is copied only once it differs from the input: until then (most lists, to the
  // end) it is `doc[0 .. same)`.
  let out: RNode[] | null = null;
  let same = 0;
  for (;;) {
    let x = back.length > base ? back.pop()! : doc[i++];
    if (x === undefined) break;
    const y = back.length > base ? back[back.length - 1] : doc[i];
    if (y !== undefined) {
      if (x.k === "sp" && y.k === "sp") {
        if (back.length > base) back.pop();
        else i++;
        back.push(mergeSpacings(x, y));
        continue;
      }
      if (x.k === "text" && y.k === "text" && x.ann === y.ann) {
        if (back.length > base) back.pop();
        else i++;
        back.push({ k: "text", ann: x.ann, t: x.t + y.t, nl: x.nl, off: x.off });
        continue;
      }
      if (x.k === "sp" && y.k === "group") {
        if (back.length > base) back.pop();
        else i++;
        if (x.s === Sp.Hardspace && y.prefix === undefined) {
          back.push({ k: "group", ann: y.ann, doc: y.doc, prefix: x });
          continue;
        }
        splitGroup(y);
        const pre = splitPre;
        const body = splitBody;
        const post = splitPost;
        if (body.length === 0) {
          pushFront(back, post);
          pushFront(back, pre);
          back.push(x);
        } else {
          const g = withContent(y, body);
          // A spacing and a group that stay as they were keep the output uncopied.
          if (out === null && pre.length === 0 && doc[same] === x && doc[same + 1] === g) same += 2;
          else {
            out ??= doc.slice(0, same) as RNode[];
            if (pre.length === 0) out.push(x);
            else pushAll(out, fixupAt([x, ...pre]));
            out.push(g);
          }
          pushFront(back, post);
        }
        continue;
      }
    }
    if (x.k === "group") {
      splitGroup(x);
      const pre = splitPre;
      const body = splitBody;
      const post = splitPost;
      if (body.length === 0) {
        pushFront(back, post);
        pushFront(back, pre);
        continue;
      }
      if (pre.length > 0) {
        out ??= doc.slice(0, same) as RNode[];
        pushAll(out, fixupAt(pre));
      }
      x = withContent(x, body);
      pushFront(back, post);
    }
    if (out === null) {
      if (doc[same] === x) {
        same++;
        continue;
      }
      out = doc.slice(0, same) as RNode[];
    }
    out.push(x);
  }
  if (out !== null) return out;
  return same === doc.length ? (doc as RNode[]) : (doc.slice(0, same) as RNode[]);
}

/** fixup's stack of items put back in front of its input (see there). */
const BACK: RNode[] = [];

function pushAll(out: RNode[], items: readonly RNode[]): void {
  for (let j = 0; j < items.length; j++) out.push(items[j]!);
}

/** Puts `items` back in front of the input, in order. */
function pushFront(back: RNode[], items: readonly RNode[]): void {
  for (let j = items.length - 1; j >= 0; j--) back.push(items[j]!);
}

const NONE: RNode[] = [];

// splitGroup's results (read right after each call: no object per group).
let splitPre: RNode[] = NONE;
let splitBody: RNode[] = NONE;
let splitPost: RNode[] = NONE;

/**
 * A group's content fixed up and split into what moves out before it (hard spacings, comments),
 * its body, and what moves out after it (hard spacings): into `splitPre`, `splitBody`,
 * `splitPost`.
 */
function splitGroup(g: RGroup): void {
  const inner = fixupAt(g.doc, g.prefix);
  let start = 0;
  while (
    start < inner.length &&
    (isHardSpacing(inner[start]!) || isComment(inner[start]!) || isVerbatim(inner[start]!))
  )
    start++;
  let end = inner.length;
  while (end > start && isHardSpacing(inner[end - 1]!)) end--;
  // Most groups have nothing to move out: no copies then.
  let body = start === 0 && end === inner.length ? inner : inner.slice(start, end);
  // Dissolve a group that only wraps one group of the same kind.
  if (body.length === 1 && body[0]!.k === "group" && body[0]!.ann === g.ann)
    body = body[0]!.doc as RNode[];
  splitPre = start === 0 ? NONE : inner.slice(0, start);
  splitBody = body;
  splitPost = end === inner.length ? NONE : inner.slice(end);
}

/**
 * The compact form of a document (spaces for lines, nothing for breaks), or `undefined` when it
 * contains a hard line break or is wider than `maxWidth`.
 */
export function unexpandSpacing(doc: Doc, maxWidth?: number): Doc | undefined {
  const out: DocNode[] = [];
  let budget = maxWidth ?? Infinity;
  const walk = (d: Doc): boolean => {
    for (const x of d) {
      if (budget < 0) return false;
      switch (x.k) {
        case "text":
          if (x.ann >= TextAnn.DisableMarker) return false;
          budget -= x.t.length;
          out.push(x);
          break;
        case "sp":
          if (x.s === Sp.Hardspace || x.s === Sp.Space || x.s === Sp.Softspace) {
            budget -= 1;
            out.push(...hardspace);
          } else if (x.s === Sp.Break || x.s === Sp.Softbreak) {
            // nothing
          } else {
            return false;
          }
          break;
        case "group":
          if (!walk(x.doc)) return false;
          break;
        case "nest": {
          const start = out.length;
          if (!walk(x.doc)) return false;
          const inner = out.splice(start);
          if (inner.length > 0) out.push({ k: "nest", doc: inner });
          break;
        }
        case "offset": {
          const start = out.length;
          if (!walk(x.doc)) return false;
          const inner = out.splice(start);
          if (inner.length > 0) out.push({ k: "offset", by: x.by, doc: inner });
          break;
        }
      }
    }
    return budget >= 0;
  };
  return walk(doc) ? out : undefined;
}
