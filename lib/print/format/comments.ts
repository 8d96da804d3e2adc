/**
 * Comments: leading trivia print on their own lines before a node, a trailing `# comment` after it
 * at the end of its line (nixfmt's `Pretty Trivium` and `Pretty TrailingComment`).
 */
import type { Comments, Trivium } from "../../ast/nodes.js";
import {
  type Doc,
  cat,
  catAll,
  comment,
  emptyline,
  empty,
  hardline,
  hardspace,
  offset,
  trailingComment,
} from "../doc.js";

/**
 * Comment text must stay comment: a `\r` or `\n` ends a `#` comment in Nix (the rest would be
 * code), and `*\/` ends a block comment. Line breaks split a comment into several `#` lines; a block
 * comment whose text contains `*\/` is written as `#` lines instead.
 */
const LINE_BREAK = /\r\n|\r|\n/;

function lineComments(lines: readonly string[]): Doc {
  return catAll(lines.map((l) => cat(comment(("#" + l).trimEnd()), hardline)));
}

function trivium(t: Trivium): Doc {
  switch (t.type) {
    case "emptyLine":
      return emptyline;
    case "lineComment":
      return lineComments(String(t.text).split(LINE_BREAK));
    case "blockComment": {
      const all = t.lines.flatMap((l) => String(l).split(LINE_BREAK));
      if (all.some((l) => l.includes("*/"))) {
        while (all.length > 0 && all[0]!.trim() === "") all.shift();
        while (all.length > 0 && all[all.length - 1]!.trim() === "") all.pop();
        return lineComments(all.map((l) => (l === "" ? "" : ` ${l}`)));
      }
      // Blank lines at the edges carry nothing (and are not read back).
      let lines = all;
      while (lines.length > 0 && lines[0]!.trim() === "") lines = lines.slice(1);
      while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines = lines.slice(0, -1);
      if (lines.length === 0) return empty;
      // Common indentation is not part of the text (the parser removes it too).
      const common = Math.min(
        ...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length),
      );
      lines = lines.map((l) => l.slice(common));
      return cat(
        comment(t.doc ? "/**" : "/*"),
        hardline,
        offset(
          2,
          cat(
            ...lines.map((l) =>
              l.trim() === "" ? emptyline : cat(comment(l.trimEnd()), hardline),
            ),
          ),
        ),
        comment("*/"),
        hardline,
      );
    }
  }
}

/** Leading trivia: a line break, then each comment on its own line. */
export function triviaDoc(trivia: readonly Trivium[] | undefined): Doc {
  const docs = (trivia ?? []).map(trivium).filter((d) => d.length > 0);
  if (docs.length === 0) return empty;
  return cat(hardline, ...docs);
}

/** A `# comment` ending the current line; line breaks in its text become spaces (it is one line). */
export function trailingDoc(text: string | undefined): Doc {
  if (text === undefined) return empty;
  const oneLine = String(text).replace(/[\r\n]+/g, " ");
  return cat(hardspace, trailingComment("# " + oneLine.replace(/^\s+/, "")), hardline);
}

/** Wraps a node's own document with its comments. */
export function withComments(comments: Comments | undefined, doc: Doc): Doc {
  if (!comments) return doc;
  return cat(triviaDoc(comments.before), doc, trailingDoc(comments.trailing));
}

export function hasComments(node: { readonly comments?: Comments }): boolean {
  const c = node.comments;
  return !!c && ((c.before?.length ?? 0) > 0 || c.trailing !== undefined);
}
