/**
 * Comments: leading trivia print on their own lines before a node, a trailing `# comment` after it
 * at the end of its line (nixfmt's `Pretty Trivium` and `Pretty TrailingComment`).
 */
import type { Comments, Trivium } from "../../ast/nodes.js";
import {
  type Doc,
  cat,
  comment,
  emptyline,
  empty,
  hardline,
  hardspace,
  offset,
  trailingComment,
} from "../doc.js";

function trivium(t: Trivium): Doc {
  switch (t.type) {
    case "emptyLine":
      return emptyline;
    case "lineComment":
      return cat(comment("#" + t.text), hardline);
    case "blockComment":
      return cat(
        comment(t.doc ? "/**" : "/*"),
        hardline,
        offset(2, cat(...t.lines.map((l) => (l === "" ? emptyline : cat(comment(l), hardline))))),
        comment("*/"),
        hardline,
      );
  }
}

/** Leading trivia: a line break, then each comment on its own line. */
export function triviaDoc(trivia: readonly Trivium[] | undefined): Doc {
  if (!trivia || trivia.length === 0) return empty;
  return cat(hardline, ...trivia.map(trivium));
}

/** A `# comment` ending the current line. */
export function trailingDoc(text: string | undefined): Doc {
  if (text === undefined) return empty;
  return cat(hardspace, trailingComment("# " + text.replace(/^\s+/, "")), hardline);
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
