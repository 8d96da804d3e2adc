/**
 * Regression tests for inputs found on unseen and generated material where `nix-emit fmt` and
 * `parse` differed from Nix and nixfmt.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parse } from "../parse/index.js";
import { formatText } from "../print/formatText.js";
import { readSource } from "./read.js";

/** The formatted error of `fmt` and of `parse` (both must fail). */
function errors(src: string): [string, string] {
  const f = formatText(src, { file: "x.nix" });
  const p = parse(src, { file: "x.nix" });
  return [E.isLeft(f) ? f.left.formatted : "formatted", E.isLeft(p) ? p.left.formatted : "parsed"];
}

describe("comparisons do not chain (Nix: %nonassoc; nixfmt rejects them too)", () => {
  for (const [src, column, op] of [
    ["1 < 2 < 3", 7, "<"],
    ["a == b != c", 8, "!="],
    ["a <= b >= c", 8, ">="],
    ["{ x = !a == b == c; }", 15, "=="],
    ["x: y: f (x > 1 < y)", 16, "<"],
  ] as const) {
    it(`${src} is a syntax error at column ${column}, in the fast reader and through tree-sitter`, () => {
      // The fast reader gives up; tree-sitter's reading reports the error.
      expect(readSource(src, false)).toBeNull();
      for (const message of errors(src)) {
        expect(message).toMatch(
          new RegExp(`^x\\.nix:1:${column}: syntax error: unexpected "${op}"`),
        );
        expect(message).toMatch(/do not chain/);
      }
    });
  }
  for (const src of ["a == b < c", "a < b == c", "(1 < 2) < 3", "a == (b != c)", "a < b && b < c"])
    it(`${src} still formats (different levels, or parentheses)`, () => {
      expect(formatText(src)).toEqual(E.right(`${src}\n`));
      expect(readSource(src, false)).not.toBeNull();
    });
});
