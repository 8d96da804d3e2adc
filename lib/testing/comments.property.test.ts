/**
 * Comments survive printing: for generated trees with comments on bindings, list items, formals and
 * expressions, every comment text comes back after print-then-parse (the format may move a comment,
 * never drop, duplicate or alter one), and printing is a fixed point.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../parse/index.js";
import { print } from "../print/print.js";
import { FUZZ_SEED, showTree, sourceFile } from "./arbitrary.js";
import { commentTexts } from "./layout.js";

const CASES = 1000;

describe("comments survive printing", () => {
  it(`keeps every comment text for ${CASES} generated trees`, () => {
    fc.assert(
      fc.property(sourceFile({ depth: 3 }), (file) => {
        const text = print(file);
        expect(
          commentTexts(parseOrThrow(text)),
          `printed:\n${text}\ntree: ${showTree(file)}`,
        ).toEqual(commentTexts(file));
      }),
      { seed: FUZZ_SEED, numRuns: CASES },
    );
  });
  it(`print(parse(print(tree))) === print(tree) with comments (${CASES} trees)`, () => {
    fc.assert(
      fc.property(sourceFile({ depth: 3 }), (file) => {
        const once = print(file);
        expect(print(parseOrThrow(once)), `tree: ${showTree(file)}`).toBe(once);
      }),
      { seed: FUZZ_SEED + 1, numRuns: CASES },
    );
  });
});
