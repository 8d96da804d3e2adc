import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../parse/index.js";
import { expression, FUZZ_SEED } from "../testing/arbitrary.js";
import { freeVariables } from "./scope.js";
import { childExprs } from "./transform.js";
import type { Expr } from "./nodes.js";

/** Every name used anywhere below `e`, through childExprs. */
function usedNames(e: Expr, out = new Set<string>()): Set<string> {
  if (e.type === "ident") out.add(e.name);
  // `inherit x;` uses x (a name, not an expression node).
  if (e.type === "attrs" || e.type === "let")
    for (const b of e.bindings)
      if (b.type === "inherit" && !b.from)
        for (const n of b.names) if (n.type === "ident") out.add(n.name);
  for (const c of childExprs(e)) usedNames(c, out);
  return out;
}

describe("freeVariables", () => {
  it('sees names in interpolated attribute names: a.${x}, { "${z}" = 1; }, a ? ${v}', () => {
    expect([...freeVariables(parseOrThrow("a.${x}").expr)].sort()).toEqual(["a", "x"]);
    expect([...freeVariables(parseOrThrow('{ "${z}" = 1; }').expr)]).toEqual(["z"]);
    expect([...freeVariables(parseOrThrow("a ? ${v}").expr)].sort()).toEqual(["a", "v"]);
    expect([...freeVariables(parseOrThrow("let z = 1; in { ${z} = z; }").expr)]).toEqual([]);
  });

  it("reports only names the expression uses (300 seeded ASTs)", () => {
    fc.assert(
      fc.property(expression({ depth: 4 }), (e) => {
        const used = usedNames(e);
        for (const v of freeVariables(e)) expect(used.has(v), v).toBe(true);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
