/**
 * nixfmt's rules (`Pretty.hs`) for trivia and tokens: comments and blank lines before a token, the
 * comment after it, and items (bindings, list items) with the comments between them.
 *
 * @module
 */
import {
  type Doc,
  GroupAnn,
  cat,
  catAll,
  comment,
  disableMarker,
  empty,
  emptyline,
  group,
  hardline,
  hardspace,
  offset,
  text,
  trailingComment,
  verbatim,
} from "../doc.js";
import type { Ann, Item, Items, Leaf, Trivia, Trivium } from "../tree.js";

export const T = GroupAnn.Transparent;

export const P = GroupAnn.Priority;

export const R = GroupAnn.Regular;

export const toLineComment = (c: string): Trivium => ({ k: "lineComment", text: " " + c });

export function moveTrailingCommentUp<V>(a: Ann<V>): Ann<V> {
  return a.trail === null ? a : { ...a, pre: [...a.pre, toLineComment(a.trail)], trail: null };
}

export function prependTrivia<V>(extra: Trivia, a: Ann<V>): Ann<V> {
  return extra.length === 0 ? a : { ...a, pre: [...extra, ...a.pre] };
}

export function prettyTrailing(c: string | null): Doc {
  return c === null ? empty : cat(hardspace, trailingComment("# " + c), hardline);
}

function prettyTrivium(t: Trivium): Doc {
  switch (t.k) {
    case "emptyLine":
      return emptyline;
    case "lineComment":
      return cat(comment("#" + t.text), hardline);
    case "languageAnnotation":
      return cat(comment("/* " + t.lang + " */"), hardspace);
    case "blockComment":
      return cat(
        comment(t.doc ? "/**" : "/*"),
        hardline,
        offset(2, catAll(t.lines.map((l) => (l === "" ? emptyline : cat(comment(l), hardline))))),
        comment("*/"),
        hardline,
      );
    case "directive": {
      const d = t.directive;
      switch (d.k) {
        // The region's raw text, directive lines included, comes with the closing directive.
        case "disable":
          return disableMarker;
        case "toEof":
          return verbatim(d.raw, true);
        case "enable":
          return d.raw === null
            ? cat(comment("/*nixfmt:enable*/"), hardline)
            : cat(verbatim(d.raw), hardline);
      }
    }
  }
}

export function prettyTrivia(ts: Trivia): Doc {
  if (ts.length === 0) return empty;
  if (ts.length === 1 && ts[0]!.k === "languageAnnotation") return prettyTrivium(ts[0]!);
  return cat(hardline, catAll(ts.map(prettyTrivium)));
}

export function prettyAnn<V>(a: Ann<V>, value: Doc): Doc {
  // Most tokens have no trivia.
  if (a.pre.length === 0 && a.trail === null) return value;
  return cat(prettyTrivia(a.pre), value, prettyTrailing(a.trail));
}

export function prettyLeaf(l: Leaf): Doc {
  return prettyAnn(l, text(l.value.text));
}

function prettyItem<V>(it: Item<V>, p: (v: V) => Doc): Doc {
  return it.k === "comments" ? prettyTrivia(it.trivia) : group(p(it.value));
}

export function renderItems<V>(separator: Doc, items: Items<V>, p: (v: V) => Doc): Doc {
  const out: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const next = items[i + 1];
    if (it.k === "comments" && next?.k === "item") {
      const last = it.trivia[it.trivia.length - 1];
      if (last?.k === "languageAnnotation") {
        out.push(
          prettyTrivia(it.trivia.slice(0, -1)),
          prettyTrivium(last),
          hardspace,
          group(p(next.value)),
        );
        i++;
        if (i + 1 < items.length) out.push(separator);
        continue;
      }
    }
    out.push(prettyItem(it, p));
    if (i + 1 < items.length) out.push(separator);
  }
  return catAll(out);
}

export function hasOnlyComments<V>(items: Items<V>): boolean {
  return items.length > 0 && items.every((i) => i.k === "comments");
}

export function itemValues<V>(items: Items<V>): V[] {
  const out: V[] = [];
  for (const i of items) if (i.k === "item") out.push(i.value);
  return out;
}
