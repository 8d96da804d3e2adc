/**
 * The native tree-sitter-nix front end, loaded on first use so that importing the emitter never
 * loads it.
 */
import { createRequire } from "node:module";

/** The part of node-tree-sitter's syntax node API the parser uses. */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { readonly row: number; readonly column: number };
  readonly endPosition: { readonly row: number; readonly column: number };
  readonly childCount: number;
  readonly children: readonly SyntaxNode[];
  readonly namedChildren: readonly SyntaxNode[];
  child(index: number): SyntaxNode | null;
  hasError(): boolean;
  descendantsOfType(type: string): SyntaxNode[];
  isMissing(): boolean;
}

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(input: string): { readonly rootNode: SyntaxNode };
}

let parser: TreeSitterParser | undefined;

/** Parses Nix source into tree-sitter-nix's concrete syntax tree. */
export function parseCst(source: string): SyntaxNode {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const Parser = require("tree-sitter") as new () => TreeSitterParser;
    const nix = require("tree-sitter-nix") as unknown;
    parser = new Parser();
    parser.setLanguage(nix);
  }
  // node-tree-sitter reads long strings through a callback in chunks; a plain string is fine.
  return parser.parse(source).rootNode;
}

/** The child in a grammar field (node-tree-sitter 0.20 exposes fields as `<name>Node` getters). */
export function fieldChild(node: SyntaxNode, name: string): SyntaxNode | null {
  const key = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) + "Node";
  const value = (node as unknown as Record<string, SyntaxNode | null | undefined>)[key];
  return value ?? null;
}
