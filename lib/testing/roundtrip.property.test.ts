/**
 * Round-trip properties of the printer and the parser, on generated valid trees:
 *
 * 1. `parse(print(tree))` is `tree` up to layout: compared with `withoutLayout` (`./layout.ts`), which
 *    drops parentheses (the printer adds them where precedence needs them), comments, blank lines
 *    and layout hints; every other field must be equal. Comments are checked separately: the same
 *    comment texts, as a multiset, come back (the printer may move a comment, never lose one).
 * 2. Printing is a fixed point: `print(parse(print(tree))) === print(tree)` at widths 100, 60 and 20.
 * 3. Formatting any valid text is idempotent: for the one-line `printFlat(tree)`,
 *    `format(format(text)) === format(text)` where `format = print ∘ parse`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceFile } from "../ast/nodes.js";
import { parseOrThrow } from "../parse/index.js";
import { printFlat } from "./flat.js";
import { normalize } from "../print/normalize.js";
import { print } from "../print/print.js";
import { expression, FUZZ_SEED, showTree, sourceFile } from "./arbitrary.js";
import { commentTexts, withoutLayout } from "./layout.js";

const ROUND_TRIP_CASES = 1000;
const FIXED_POINT_CASES = 1000;
const IDEMPOTENT_CASES = 500;

function reparse(text: string): SourceFile {
  return parseOrThrow(text);
}

describe("parse(print(tree)) is tree up to layout", () => {
  it(`holds for ${ROUND_TRIP_CASES} generated trees (parentheses and comment placement aside)`, () => {
    fc.assert(
      fc.property(sourceFile({ depth: 4 }), (file) => {
        const text = print(file);
        const back = reparse(text);
        // As printed: one-line indented strings become double-quoted ones (as nixfmt does).
        const expected = { ...file, expr: normalize(file.expr) };
        expect(withoutLayout(back), `printed:\n${text}`).toEqual(withoutLayout(expected));
        expect(commentTexts(back), `printed:\n${text}`).toEqual(commentTexts(file));
      }),
      { seed: FUZZ_SEED, numRuns: ROUND_TRIP_CASES },
    );
  });

  it("the comparison can fail: a changed operator is a difference", () => {
    const tree: SourceFile = {
      type: "file",
      expr: {
        type: "binary",
        op: "+",
        left: { type: "int", value: 1n },
        right: { type: "int", value: 2n },
      },
    };
    const back = reparse("1 - 2\n");
    expect(withoutLayout(back)).not.toEqual(withoutLayout(tree));
    expect(withoutLayout(reparse("(1) + ((2))\n"))).toEqual(withoutLayout(tree));
  });
});

describe("printing is a fixed point of parse-then-print", () => {
  for (const width of [100, 60, 20]) {
    it(`print(parse(print(tree))) === print(tree) at width ${width} (${FIXED_POINT_CASES} trees)`, () => {
      fc.assert(
        fc.property(sourceFile({ depth: 4 }), (file) => {
          const once = print(file, { width });
          const twice = print(reparse(once), { width });
          expect(twice, `tree: ${showTree(file)}`).toBe(once);
        }),
        { seed: FUZZ_SEED + width, numRuns: FIXED_POINT_CASES },
      );
    });
  }
});

describe("formatting is idempotent", () => {
  it(`format(format(printFlat(tree))) === format(printFlat(tree)) (${IDEMPOTENT_CASES} trees)`, () => {
    fc.assert(
      fc.property(expression({ depth: 4, comments: false }), (expr) => {
        const flat = printFlat(expr);
        const once = print(reparse(flat));
        const twice = print(reparse(once));
        expect(twice, `flat input:\n${flat}`).toBe(once);
      }),
      { seed: FUZZ_SEED, numRuns: IDEMPOTENT_CASES },
    );
  });
});
