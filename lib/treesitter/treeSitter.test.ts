import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mask } from "./cst.js";
import { AMBIGUOUS_TYPES, FIELDLESS_TYPES, parseLightCst, type SyntaxNode } from "./treeSitter.js";
import { nixFilesUnder } from "../testing/files.js";

interface NativeCursor {
  readonly nodeType: string;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

describe("the syntax tree copy", () => {
  it("asks named-ness per node only for the types that tree-sitter-nix uses both ways", () => {
    // The copy caches per type whether nodes are named; a type used both named and anonymous
    // must be in AMBIGUOUS_TYPES, or `inherit` statements and keywords would be confused.
    const require = createRequire(import.meta.url);
    const types = require("tree-sitter-nix/src/node-types.json") as unknown;
    const seen = new Map<string, Set<boolean>>();
    const visit = (x: unknown): void => {
      if (typeof x !== "object" || x === null) return;
      const t = x as { type?: unknown; named?: unknown };
      if (typeof t.type === "string" && typeof t.named === "boolean")
        seen.set(t.type, (seen.get(t.type) ?? new Set()).add(t.named));
      for (const v of Object.values(x)) visit(v);
    };
    visit(types);
    const both = [...seen].filter(([, v]) => v.size > 1).map(([k]) => k);
    expect(new Set(both)).toEqual(AMBIGUOUS_TYPES);
  });
  it("asks field names only under node types that have fields in the grammar", () => {
    const require = createRequire(import.meta.url);
    const types = require("tree-sitter-nix/src/node-types.json") as Array<{
      type: string;
      named: boolean;
      fields?: Record<string, unknown>;
      children?: unknown;
    }>;
    const fieldless = types
      .filter((t) => t.named && t.children !== undefined)
      .filter((t) => Object.keys(t.fields ?? {}).length === 0)
      .map((t) => t.type);
    expect(new Set(fieldless)).toEqual(FIELDLESS_TYPES);
  });
  it("has tree-sitter's nodes, types and spans (inner nodes' spans are taken from their children)", () => {
    const require = createRequire(import.meta.url);
    const Parser = require("tree-sitter") as new () => {
      setLanguage(l: unknown): void;
      parse(s: string): { walk(): NativeCursor };
    };
    const parser = new Parser();
    parser.setLanguage(require("tree-sitter-nix"));
    const sources = [
      ...nixFilesUnder(join(import.meta.dirname, "../../fixtures")).map((f) =>
        readFileSync(f, "utf8"),
      ),
      "{ a, b, }: a", // tree-sitter-nix 0.0.2 reads the trailing comma as an error
      "{ inherit ; x = [ 1 /* c */ 2 ]; }",
      "let a = 1; in",
    ];
    let nodes = 0;
    for (const src of sources.map(mask)) {
      const native: string[] = [];
      const c = parser.parse(src).walk();
      const visit = (): void => {
        native.push(`${c.nodeType} ${c.startIndex}-${c.endIndex}`);
        if (c.gotoFirstChild()) {
          do visit();
          while (c.gotoNextSibling());
          c.gotoParent();
        }
      };
      visit();
      const copy: string[] = [];
      const walk = (n: SyntaxNode): void => {
        copy.push(`${n.type} ${n.startIndex}-${n.endIndex}`);
        n.children.forEach(walk);
      };
      walk(parseLightCst(src));
      expect(copy).toEqual(native);
      nodes += native.length;
    }
    expect(nodes).toBeGreaterThan(10_000);
  });
});
