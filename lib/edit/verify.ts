/**
 * The editor's check that an edit did what it says and nothing else: the file's editable view is
 * flattened into entries (a path and the text of the value there), before and after. Outside the
 * edited path the entries must be the same; at the path, the new value.
 *
 * @module
 */
import type { SyntaxNode } from "../treesitter/treeSitter.js";
import {
  bindingPath,
  bodyOf,
  containersOf,
  inheritedNames,
  letsOf,
  membersOf,
  unparen,
} from "./locate.js";

/** One thing the file says: at `key` (path segments joined by NUL) stands `text`. */
export interface Entry {
  readonly key: string;
  /** The key's segments (namespace markers included). */
  readonly segments: readonly string[];
  /** For a list value: how many items it has. */
  readonly items?: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Keys are the segments as JSON strings joined by `,` (self-delimiting, so no name can collide);
 * the markers below are bare words, which no JSON string is.
 */
const SEP = ",";
/** The namespaces of keys: the body's paths have none. */
export const LET = "\u0000let";
export const FORMALS = "\u0000formals";
const SKELETON = "\u0000skeleton";
const HEAD = "\u0000head";
/** Markers hold a NUL, which no name in a file (nor a path the editor accepts) can. */
export const keyOf = (segments: readonly string[]) =>
  segments
    .map((s) => (isMarker(s) ? `@${JSON.stringify(s.slice(1))}` : JSON.stringify(s)))
    .join(SEP);
/** Whitespace runs as one space: the same value re-indented reads the same. */
export const norm = (text: string) => text.replace(/\s+/g, " ").trim();

/** Whether a segment is a namespace marker (`let`, formals, the skeleton of a value). */
export const isMarker = (s: string) => s.startsWith("\u0000");

/** Whether `key` is `prefix` or below it. */
export function isUnder(key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix + SEP);
}

/** Every entry of the file's editable view (body, `let` bindings, formals, the rest as skeleton). */
export function entriesOf(top: SyntaxNode, source: string): Entry[] {
  const out: Entry[] = [];
  const push = (segments: readonly string[], node: SyntaxNode, text?: string) =>
    out.push({
      key: keyOf(segments),
      segments,
      ...(node.type === "list_expression"
        ? { items: node.namedChildren.filter((c) => c.type !== "comment").length }
        : {}),
      text: norm(text ?? source.slice(node.startIndex, node.endIndex)),
      start: node.startIndex,
      end: node.endIndex,
    });
  /** A set's members below `at`. */
  const members = (set: SyntaxNode, at: readonly string[]) => {
    for (const m of membersOf(set)) {
      if (m.type !== "binding") {
        for (const name of inheritedNames(m, source)) push([...at, name], m);
        continue;
      }
      const path = bindingPath(m, source);
      const value = m.field("expression");
      if (!path || !value) {
        const attrpath = m.field("attrpath");
        push(
          // A computed name: a marker segment, so that no path names it.
          [
            ...at,
            `\u0000\${${attrpath ? source.slice(attrpath.startIndex, attrpath.endIndex) : ""}}`,
          ],
          m,
        );
        continue;
      }
      walk(value, [...at, ...path]);
    }
  };
  const walk = (value: SyntaxNode, at: readonly string[]): void => {
    const v = unparen(value);
    if (v.type === "list_expression") {
      push(at, v);
      return;
    }
    const sets = containersOf(v, at, source);
    if (!Array.isArray(sets)) {
      push(at, v);
      return;
    }
    // What holds the sets (`lib.mkIf cond`, `rec`), with the sets' insides left out.
    let skeleton = "";
    let from = v.startIndex;
    for (const s of sets) {
      skeleton +=
        source.slice(from, s.startIndex) + (s.type === "rec_attrset_expression" ? "rec{}" : "{}");
      from = s.endIndex;
    }
    skeleton += source.slice(from, v.endIndex);
    push([...at, SKELETON], v, skeleton);
    for (const s of sets) members(s, at);
  };
  const topExpr = top.namedChildren.find((c) => c.type !== "comment") ?? top;
  for (const l of letsOf(topExpr)) members(l, [LET]);
  const fn = unparen(topExpr);
  if (fn.type === "function_expression") {
    const formals = fn.field("formals");
    if (formals)
      for (const f of formals.namedChildren)
        if (f.type === "formal") {
          const name = f.field("name");
          if (name) push([FORMALS, source.slice(name.startIndex, name.endIndex)], f);
        } else if (f.type === "ellipses") push([FORMALS, "..."], f);
  }
  const body = bodyOf(topExpr);
  // The header (function, let, with, assert) without the parts listed above.
  let head = source.slice(topExpr.startIndex, body.startIndex);
  for (const l of letsOf(topExpr)) {
    const bs = l.namedChildren.find((c) => c.type === "binding_set");
    if (bs) head = head.replace(source.slice(bs.startIndex, bs.endIndex), "");
  }
  if (fn.type === "function_expression") {
    const formals = fn.field("formals");
    if (formals) head = head.replace(source.slice(formals.startIndex, formals.endIndex), "{}");
  }
  out.push({
    key: keyOf([SKELETON, HEAD]),
    segments: [SKELETON, HEAD],
    text: norm(head),
    start: topExpr.startIndex,
    end: body.startIndex,
  });
  walk(body, []);
  return out;
}

/**
 * The first difference between `before` and `after` outside `prefix`, as words, or undefined when
 * they say the same there.
 */
export function differenceOutside(
  before: readonly Entry[],
  after: readonly Entry[],
  prefix: string,
): string | undefined {
  const show = (key: string) => {
    try {
      const names = (
        JSON.parse(`[${key.replace(/@"(?:[^"\\]|\\.)*"/g, "null")}]`) as (string | null)[]
      ).filter((s): s is string => s !== null);
      return names.length === 0 ? "the file's header" : names.join(".");
    } catch {
      return "another path";
    }
  };
  const count = new Map<string, Map<string, number>>();
  for (const e of before) {
    if (isUnder(e.key, prefix)) continue;
    const texts = count.get(e.key) ?? new Map<string, number>();
    texts.set(e.text, (texts.get(e.text) ?? 0) + 1);
    count.set(e.key, texts);
  }
  for (const e of after) {
    if (isUnder(e.key, prefix)) continue;
    const texts = count.get(e.key);
    const c = texts?.get(e.text) ?? 0;
    if (c === 0) return `${show(e.key)} would change too`;
    texts!.set(e.text, c - 1);
  }
  for (const [key, texts] of count)
    for (const [, c] of texts) if (c > 0) return `${show(key)} would change too`;
  return undefined;
}
