import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Expr } from "../ast/nodes.js";
import { mapExpr } from "../ast/transform.js";
import { parseOrThrow } from "../parse/index.js";
import { expression, FUZZ_SEED } from "../testing/arbitrary.js";
import { visit } from "./tree.js";

/** Every node of `e` by identity, counted through mapExpr (which rebuilds every child). */
function nodesByMapExpr(e: Expr): number {
  let count = 0;
  mapExpr(e, (x) => {
    count++;
    return x;
  });
  return count;
}

describe("visit", () => {
  it('reaches expressions in interpolated names: a.${x}, { "${z}" = 1; }, inherit (s) ${w}, a ? ${v}', () => {
    for (const [src, name] of [
      ["a.${x}", "x"],
      ['{ "${z}" = 1; }', "z"],
      ["{ inherit (s) ${w}; }", "w"],
      ["a ? ${v}", "v"],
    ] as const) {
      const seen: string[] = [];
      visit(parseOrThrow(src).expr, (e) => {
        if (e.type === "ident") seen.push(e.name);
      });
      expect(seen, src).toContain(name);
    }
  });

  it("visits every expression node of a generated AST exactly once (300 seeded ASTs)", () => {
    fc.assert(
      fc.property(expression({ depth: 4 }), (e) => {
        // Generated trees may share a node object in two places, so count visits, not identities:
        // mapExpr rebuilds every position once and calls f once per position.
        let visits = 0;
        visit(e, () => {
          visits++;
        });
        expect(visits).toBe(nodesByMapExpr(e));
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
