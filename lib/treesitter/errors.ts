/**
 * Syntax errors: where they are (line, column, the source line with a caret) and how tree-sitter's
 * error nodes are read, grammar gaps of tree-sitter-nix 0.0.2 aside.
 *
 * @module
 */
import type { SyntaxNode } from "./treeSitter.js";

/** A syntax error, located in the source. */
export interface ParseError {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  readonly message: string;
  /** `file:line:column: message`, the source line and a caret under the column. */
  readonly formatted: string;
}

/** A syntax error found while reading a syntax tree, at `index` of the source. */
export class SyntaxError_ extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

function locate(source: string, index: number): { line: number; column: number; text: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < index && i < source.length; i++)
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  const end = source.indexOf("\n", start);
  return { line, column: index - start + 1, text: source.slice(start, end < 0 ? undefined : end) };
}

/** A `ParseError` at `index` of `source`, with the line and a caret under the column. */
export function makeError(
  source: string,
  file: string,
  index: number,
  message: string,
): ParseError {
  const { line, column, text } = locate(source, index);
  const shown = text.length > 200 ? text.slice(0, 200) + "…" : text;
  const caret = " ".repeat(Math.min(column - 1, 200)) + "^";
  return {
    file,
    line,
    column,
    message,
    formatted: `${file}:${line}:${column}: ${message}\n  ${shown}\n  ${caret}`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Syntax errors (tree-sitter recovers from errors; we report the first one)
// ---------------------------------------------------------------------------------------------------

/** `{ a, b, }`: tree-sitter-nix 0.0.2 predates trailing commas in formals. */
export function isTrailingCommaArtifact(node: SyntaxNode, parent: SyntaxNode | null): boolean {
  if (parent?.type !== "formals") return false;
  const siblings = parent.children.filter((c) => c.type !== "comment");
  const i = siblings.findIndex((c) => c.startIndex === node.startIndex && c.type === node.type);
  const next = siblings[i + 1];
  const closesNext = next?.type === "}";
  if (node.type === "formal" && node.childCount === 1 && node.child(0)!.isMissing())
    return closesNext;
  if (node.type === "ERROR" && node.text.trim() === ",") return closesNext;
  return false;
}

/** `inherit ;` and `inherit (x) ;`: tree-sitter-nix 0.0.2 wants at least one name; Nix does not. */
function isEmptyInheritArtifact(node: SyntaxNode, parent: SyntaxNode | null): boolean {
  return (
    node.isMissing() &&
    parent?.type === "inherited_attrs" &&
    parent.namedChildren.every((c) => c.isMissing() || c.type === "comment")
  );
}

/** The first syntax error of a tree-sitter tree, if any (grammar gaps aside). */
export function findError(
  root: SyntaxNode,
  source: string,
): { index: number; message: string } | undefined {
  if (!root.hasError()) return undefined;
  const stack: Array<[SyntaxNode, SyntaxNode | null]> = [[root, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    if (isTrailingCommaArtifact(node, parent) || isEmptyInheritArtifact(node, parent)) continue;
    if (node.isMissing())
      return { index: node.startIndex, message: `syntax error: missing ${describe(node.type)}` };
    if (node.type === "ERROR") {
      const nested = node.children.find((c) => c.type === "ERROR" || c.isMissing());
      if (nested) {
        stack.push([nested, node]);
        continue;
      }
      const text0 = source.slice(node.startIndex, node.endIndex).trimStart();
      if (text0.startsWith('"') || text0.startsWith("''"))
        return { index: node.startIndex, message: "syntax error: unterminated string" };
      if (node.childCount > 1 && node.endIndex >= source.trimEnd().length)
        return { index: source.trimEnd().length, message: "syntax error: unexpected end of input" };
      const text = source.slice(node.startIndex, node.endIndex).trim();
      const first = text.split(/\s+/)[0] ?? "";
      return {
        index: node.startIndex,
        message: `syntax error: unexpected ${first === "" ? "end of input" : JSON.stringify(first.slice(0, 40))}`,
      };
    }
    if (!node.hasError()) continue;
    const kids = node.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, node]);
  }
  // Only the trailing-comma artifacts were errors.
  return undefined;
}

/** Characters that look like space but that Nix does not read as space between tokens. */
const ODD_SPACES: Readonly<Record<string, string>> = {
  "\u000b": "vertical tab",
  "\u000c": "form feed",
  "\u0085": "next line",
  "\u00a0": "no-break space",
  "\u1680": "ogham space mark",
  "\u2000": "en quad",
  "\u2001": "em quad",
  "\u2002": "en space",
  "\u2003": "em space",
  "\u2004": "three-per-em space",
  "\u2005": "four-per-em space",
  "\u2006": "six-per-em space",
  "\u2007": "figure space",
  "\u2008": "punctuation space",
  "\u2009": "thin space",
  "\u200a": "hair space",
  "\u200b": "zero-width space",
  "\u2028": "line separator",
  "\u2029": "paragraph separator",
  "\u202f": "narrow no-break space",
  "\u205f": "medium mathematical space",
  "\u3000": "ideographic space",
  "\ufeff": "zero-width no-break space",
};
const ODD_SPACE = new RegExp(`[${Object.keys(ODD_SPACES).join("")}]`, "g");

/** Nodes whose text may hold any character. */
const TEXT_NODES = new Set(["string_expression", "indented_string_expression", "comment"]);

/**
 * In a tree with an error: the first character between tokens that looks like space but is not
 * Nix's (tree-sitter reports it as a confusing "unexpected end of input"), with its name.
 */
export function findOddSpace(
  root: SyntaxNode,
  source: string,
): { index: number; message: string } | undefined {
  for (const m of source.matchAll(ODD_SPACE)) {
    const i = m.index;
    let node = root;
    let text = false;
    for (;;) {
      if (TEXT_NODES.has(node.type)) {
        text = true;
        break;
      }
      const child = node.children.find((c) => c.startIndex <= i && i < c.endIndex);
      if (child === undefined) break;
      node = child;
    }
    if (text) continue;
    const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return {
      index: i,
      message: `syntax error: unexpected ${ODD_SPACES[m[0]]} (U+${code}): Nix reads only spaces, tabs and line breaks between tokens`,
    };
  }
  return undefined;
}

/** A node type as words (`binding set`) or quoted (`"}"`). */
export function describe(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, " ") : `"${type}"`;
}

/** Options of `parse`. */
export interface ParseOptions {
  /** File name for error messages; default `<stdin>`. */
  readonly file?: string;
}
