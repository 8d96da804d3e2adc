/**
 * The layout engine of the official Nix formatter (nixfmt's `layoutGreedy`), ported from Haskell.
 *
 * It walks the document left to right. A group is printed on one line if it fits together with what
 * follows up to the next possible line break; otherwise its priority groups are tried expanded one by
 * one (last first), and failing that the group is dissolved and its spacings become line breaks.
 * Soft spacings break only when the rest of the line does not fit. Indentation grows by one step per
 * line, however many nesting levels that line opens.
 *
 * The lookahead ("what follows") is a persistent linked list of array slices, so nothing is copied.
 *
 * @module
 */
import {
  type DSpacing,
  type Doc,
  GroupAnn,
  mergeSpacings,
  type RDoc,
  type RGroup,
  type RNode,
  type RText,
  Sp,
  TextAnn,
  fixup,
  removeDisabled,
  resolve,
} from "./doc.js";

/** A sequence of documents: `arr` from index `i`, then `next`. */
interface Seq {
  readonly arr: RDoc;
  readonly i: number;
  readonly next: Seq | null;
}

function seqOf(arr: RDoc, next: Seq | null, i = 0): Seq | null {
  return i < arr.length ? { arr, i, next } : next;
}

const EMPTY: RDoc = [];

/**
 * A forward reader over a sequence, for the lookahead functions: it moves in place (a tuple and a
 * sequence cell per step made the layout's lookahead its largest allocator).
 */
class Reader {
  private arr: RDoc = EMPTY;
  private i = 0;
  constructor(private next: Seq | null) {}

  /** The next element (groups not entered), or undefined at the end. */
  peek(): RNode | undefined {
    while (this.i >= this.arr.length) {
      const n = this.next;
      if (n === null) return undefined;
      this.arr = n.arr;
      this.i = n.i;
      this.next = n.next;
    }
    return this.arr[this.i];
  }

  /** Takes the next element, consecutive spacings merged as nixfmt does on concatenated lists. */
  take(): RNode | undefined {
    const x = this.peek();
    if (x === undefined) return undefined;
    this.i++;
    if (x.k !== "sp") return x;
    let sp: DSpacing = x;
    for (;;) {
      const y = this.peek();
      if (y === undefined || y.k !== "sp") return sp;
      this.i++;
      sp = mergeSpacings(sp, y);
    }
  }

  /** Continues inside `doc`, then with what remains. */
  enter(doc: RDoc): void {
    if (this.i < this.arr.length) this.next = { arr: this.arr, i: this.i, next: this.next };
    this.arr = doc;
    this.i = 0;
  }

  /** What remains, as a sequence. */
  rest(): Seq | null {
    return seqOf(this.arr, this.next, this.i);
  }
}

const SURROGATE = /[\uD800-\uDBFF]/;

export function textWidth(t: string): number {
  // Code points, like Haskell's Text.length.
  return SURROGATE.test(t) ? Array.from(t).length : t.length;
}

/**
 * Tries to fit a document on one line of width `c`: the width of its one-line text, or -1. Most
 * tries fail (a group that does not fit is tried again in parts), so no text is built here;
 * `oneLine` builds it for the tries that succeed.
 */
function fits(ni: number, c: number, seq: Seq | null): number {
  let w = 0;
  const r = new Reader(seq);
  for (;;) {
    if (c < 0) return -1;
    const x = r.take();
    if (x === undefined) return w;
    switch (x.k) {
      case "group":
        r.enter(x.doc);
        break;
      case "text":
        switch (x.ann) {
          case TextAnn.Regular: {
            const tw = textWidth(x.t);
            w += tw;
            ni -= tw;
            c -= tw;
            break;
          }
          case TextAnn.Comment:
            w += textWidth(x.t);
            break;
          case TextAnn.TrailingComment:
            w += (ni === 0 ? 1 : 0) + textWidth(x.t);
            break;
          case TextAnn.Trailing:
            break;
          default:
            // Disabled regions and raw lines never fit on one line.
            return -1;
        }
        break;
      case "sp":
        switch (x.s) {
          case Sp.Softbreak:
          case Sp.Break:
            break;
          case Sp.Softspace:
          case Sp.Space:
          case Sp.Hardspace:
            w += 1;
            ni -= 1;
            c -= 1;
            break;
          default:
            return -1;
        }
        break;
    }
  }
}

/** The one-line text of a document that `fits` accepted with the same `ni`. */
function oneLine(ni: number, seq: Seq | null): string {
  let out = "";
  const r = new Reader(seq);
  for (;;) {
    const x = r.take();
    if (x === undefined) return out;
    if (x.k === "group") r.enter(x.doc);
    else if (x.k === "text") {
      if (x.ann === TextAnn.Regular) {
        out += x.t;
        ni -= textWidth(x.t);
      } else if (x.ann === TextAnn.Comment) out += x.t;
      else if (x.ann === TextAnn.TrailingComment) out += ni === 0 ? " " + x.t : x.t;
    } else if (x.s === Sp.Softspace || x.s === Sp.Space || x.s === Sp.Hardspace) {
      out += " ";
      ni -= 1;
    }
  }
}

/** Width of the first line of a sequence when every possible line break is taken. */
function firstLineWidth(seq: Seq | null): number {
  let w = 0;
  const r = new Reader(seq);
  for (;;) {
    const x = r.take();
    if (x === undefined) return w;
    if (x.k === "group") {
      r.enter(x.doc);
    } else if (x.k === "text") {
      if (x.ann !== TextAnn.Comment && x.ann !== TextAnn.TrailingComment) w += textWidth(x.t);
    } else if (x.s === Sp.Hardspace) {
      w += 1;
    } else {
      return w;
    }
  }
}

/** Whether the first line of a sequence fits `targetWidth`, without breaking groups that fit. */
function firstLineFits(targetWidth: number, maxWidth: number, seq: Seq | null): boolean {
  let c = maxWidth;
  const r = new Reader(seq);
  for (;;) {
    if (c < 0) return false;
    const x = r.take();
    if (x === undefined) return maxWidth - c <= targetWidth;
    if (x.k === "text") {
      if (x.ann === TextAnn.Regular) c -= textWidth(x.t);
      // A disabled region ends the line, like a line break.
      else if (x.ann === TextAnn.Verbatim || x.ann === TextAnn.VerbatimEof)
        return maxWidth - c <= targetWidth;
    } else if (x.k === "sp") {
      if (x.s === Sp.Hardspace) c -= 1;
      else return maxWidth - c <= targetWidth;
    } else {
      const w = fits(0, c - firstLineWidth(r.rest()), seqOf(x.doc, null));
      if (w < 0) r.enter(x.doc);
      else c -= w;
    }
  }
}

/** The first text of a sequence (its nesting level and offset place the next line), if any. */
function firstText(seq: Seq | null): RText | undefined {
  const r = new Reader(seq);
  for (;;) {
    const x = r.peek();
    if (x === undefined || x.k === "text") return x;
    r.take();
    if (x.k === "group") r.enter(x.doc);
  }
}

/** Nesting level of the first text of a sequence (0 when there is none). */
function nextNL(seq: Seq | null): number {
  return firstText(seq)?.nl ?? 0;
}

interface Indents {
  readonly ci: number;
  readonly nl: number;
  readonly next: Indents | null;
}

interface PriorityGroup {
  readonly pre: RDoc;
  readonly prio: RDoc;
  readonly post: RDoc;
}

/** A group's content cut at its priority groups (looking through transparent groups). */
interface Segment {
  readonly prio: boolean;
  readonly doc: RDoc;
}

/** Whether a group's content holds a priority group (looking through transparent groups). */
function hasPriorityGroup(doc: RDoc): boolean {
  for (let i = 0; i < doc.length; i++) {
    const x = doc[i]!;
    if (x.k !== "group") continue;
    if (x.ann === GroupAnn.Priority) return true;
    if (x.ann === GroupAnn.Transparent && hasPriorityGroup(x.doc)) return true;
  }
  return false;
}

function prioritySegments(doc: RDoc): Segment[] {
  const segments: Array<{ prio: boolean; doc: RNode[] | RDoc }> = [];
  let plain: RNode[] | null = null;
  const collect = (d: RDoc) => {
    for (const x of d) {
      if (x.k === "group" && x.ann === GroupAnn.Priority) {
        segments.push({ prio: true, doc: x.doc });
        plain = null;
      } else if (x.k === "group" && x.ann === GroupAnn.Transparent) collect(x.doc);
      else if (plain !== null) plain.push(x);
      else {
        plain = [x];
        segments.push({ prio: false, doc: plain });
      }
    }
  };
  collect(doc);
  return segments;
}

/** The `k`th segment (a priority group) with what comes before and after it, made when tried. */
function priorityGroup(segments: readonly Segment[], k: number): PriorityGroup {
  const join = (from: number, to: number): RDoc => {
    if (to - from === 1) return segments[from]!.doc;
    const out: RNode[] = [];
    for (let j = from; j < to; j++) for (const x of segments[j]!.doc) out.push(x);
    return out;
  };
  return { pre: join(0, k), prio: segments[k]!.doc, post: join(k + 1, segments.length) };
}

function fixedTaking(owner: DocOwner): RNode[] {
  const noRegions = owner.noDisabledRegions === true;
  const resolved = resolvedTaking(owner);
  return fixup(noRegions ? resolved : removeDisabled(resolved));
}

function resolvedTaking(owner: DocOwner): RNode[] {
  const doc = owner.doc!;
  owner.doc = null;
  return resolve(doc);
}

/** Compact form of a group's own spacings (not of nested groups). */
function unexpandOwnSpacing(doc: RDoc): RNode[] {
  const out: RNode[] = [];
  for (const x of doc) {
    if (x.k === "sp" && (x.s === Sp.Space || x.s === Sp.Softspace))
      out.push({ k: "sp", s: Sp.Hardspace, n: 0 });
    else if (x.k === "sp" && (x.s === Sp.Break || x.s === Sp.Softbreak)) continue;
    else out.push(x);
  }
  return out;
}

function endsWithEofRegion(doc: RDoc): boolean {
  for (let i = doc.length - 1; i >= 0; i--) {
    const x = doc[i]!;
    if (x.k === "sp") continue;
    if (x.k === "group") return endsWithEofRegion(x.doc);
    return x.ann === TextAnn.VerbatimEof;
  }
  return false;
}

/** Lays out a document at target width `tw` with indentation step `iw`. */
export function layout(doc: Doc, tw: number, iw: number): string {
  return layoutTaking({ doc }, tw, iw);
}

/** A document handed over to the layout, which lets it go once read (large files: memory). */
export interface DocOwner {
  doc: Doc | null;
  /** Known to hold no `nixfmt:disable` region (the source has none): saves a walk looking. */
  readonly noDisabledRegions?: boolean;
}

/**
 * `layout` of the document in `owner`, which it empties: the unresolved document is released as
 * soon as it is resolved, the resolved one once fixed up (each stage of a 20 MB file's document
 * is hundreds of megabytes).
 */
export function layoutTaking(owner: DocOwner, tw: number, iw: number): string {
  const fixed = fixedTaking(owner);
  let cc = 0;
  let indents: Indents = { ci: 0, nl: 0, next: null };
  /** Inside a disabled region: the layout goes on, nothing is printed until its verbatim text. */
  let suppress = false;
  const out: string[] = [];
  const emit = (t: string): void => {
    if (!suppress) out.push(t);
  };

  const putText = (textNL: number, textOffset: number, t: string, withIndent = true): void => {
    for (;;) {
      if (textNL > indents.nl) {
        indents = { ci: cc === 0 ? indents.ci + iw : indents.ci, nl: textNL, next: indents };
        break;
      }
      if (textNL < indents.nl) {
        indents = indents.next!;
        continue;
      }
      break;
    }
    emit(cc === 0 && withIndent ? " ".repeat(indents.ci + textOffset) + t : t);
    cc = withIndent ? cc + textWidth(t) : Math.max(1, cc + textWidth(t));
  };

  const putNL = (n: number): void => {
    cc = 0;
    emit("\n".repeat(n));
  };

  const go = (doc: RDoc, rest: Seq | null): void => {
    for (let i = 0; i < doc.length; i++) {
      const x = doc[i]!;
      // Most texts and spacings do not look ahead: no sequence is made for them.
      if (x.k === "text" && x.ann !== TextAnn.TrailingComment) goOne(x, null);
      else if (x.k === "sp" && x.s !== Sp.Softbreak && x.s !== Sp.Softspace) goOne(x, null);
      else goOne(x, seqOf(doc, rest, i + 1));
    }
  };

  const goOne = (x: RNode, xs: Seq | null): void => {
    switch (x.k) {
      case "text":
        // A trailing comment right after an opening bracket stays on its line, shifted by one, so
        // that it is not attached to the next item when read again.
        if (x.ann === TextAnn.TrailingComment && cc === 2 && nextNL(xs) > indents.nl) {
          emit(" " + x.t);
          cc += 1 + textWidth(x.t);
          return;
        }
        switch (x.ann) {
          case TextAnn.DisableMarker:
            suppress = true;
            return;
          case TextAnn.RawText:
            putText(x.nl, x.off, x.t, false);
            return;
          case TextAnn.Verbatim:
          case TextAnn.VerbatimEof: {
            out.push(cc === 0 || suppress ? x.t : "\n" + x.t);
            cc = textWidth(x.t.slice(x.t.lastIndexOf("\n") + 1));
            suppress = false;
            return;
          }
        }
        putText(x.nl, x.off, x.t);
        return;
      case "sp":
        if (cc === 0) return;
        switch (x.s) {
          case Sp.Break:
          case Sp.Space:
          case Sp.Hardline:
            return putNL(1);
          case Sp.Hardspace:
            emit(" ");
            cc += 1;
            return;
          case Sp.Emptyline:
            return putNL(2);
          case Sp.Newlines:
            return putNL(x.n);
          case Sp.Softbreak:
            if (firstLineFits(tw - cc, tw, xs)) return;
            return putNL(1);
          case Sp.Softspace:
            if (firstLineFits(tw - cc - 1, tw, xs)) {
              emit(" ");
              cc += 1;
              return;
            }
            return putNL(1);
        }
        return;
      case "group":
        goGroupNode(x, xs);
        return;
    }
  };

  const snapshot = () => ({ cc, indents, suppress, len: out.length });
  const restore = (s: ReturnType<typeof snapshot>) => {
    cc = s.cc;
    indents = s.indents;
    suppress = s.suppress;
    out.length = s.len;
  };

  const goGroupNode = (x: RGroup, xs: Seq | null): void => {
    if (goGroup(x.doc, xs)) return;
    // A group without priority groups (a long list, say) is not cut into segments: no copy.
    if (x.ann !== GroupAnn.Transparent && hasPriorityGroup(x.doc)) {
      // Priority groups are tried last first; each one's surroundings are built only if tried.
      const segments = prioritySegments(x.doc);
      for (let k = segments.length - 1; k >= 0; k--) {
        if (!segments[k]!.prio) continue;
        const saved = snapshot();
        if (goPriorityGroup(priorityGroup(segments, k), xs)) return;
        restore(saved);
      }
    }
    go(x.doc, xs);
  };

  const goPriorityGroup = (g: PriorityGroup, rest: Seq | null): boolean => {
    if (!goGroup(g.pre, seqOf(g.prio, seqOf(g.post, rest)))) return false;
    go(g.prio, seqOf(unexpandOwnSpacing(g.post), rest));
    return goGroup(g.post, rest);
  };

  /** Prints a group on one line if it fits; returns false (printing nothing) otherwise. */
  const goGroup = (grp: RDoc, rest: Seq | null): boolean => {
    if (grp.length === 0) return true;
    if (cc === 0) {
      let g = grp;
      const first = grp[0]!;
      if (first.k === "sp") g = grp.slice(1);
      else if (first.k === "group" && first.doc[0]?.k === "sp")
        g = [{ k: "group", ann: first.ann, doc: first.doc.slice(1) }, ...grp.slice(1)];
      const seq = seqOf(g, null);
      const text = firstText(seq);
      const nl = text?.nl ?? 0;
      const off = text?.off ?? 0;
      const lastLineNL = indents.nl;
      const lineNL = lastLineNL + (nl > lastLineNL ? iw : 0);
      const indentWillIncrease = nextNL(rest) > lineNL ? iw : 0;
      if (fits(indentWillIncrease, tw - firstLineWidth(rest), seq) < 0) return false;
      putText(nl, off, oneLine(indentWillIncrease, seq));
      return true;
    }
    const indentWillIncrease = nextNL(rest) > indents.nl ? iw : 0;
    const seq = seqOf(grp, null);
    const w = fits(indentWillIncrease - cc, tw - cc - firstLineWidth(rest), seq);
    if (w < 0) return false;
    emit(oneLine(indentWillIncrease - cc, seq));
    cc += w;
    return true;
  };

  go([{ k: "group", ann: GroupAnn.Regular, doc: fixed }], null);
  // A disabled region reaching the end of the file keeps the input's end, final newline or not.
  if (endsWithEofRegion(fixed)) return out.join("").trimStart();
  return out.join("").trim() + "\n";
}
