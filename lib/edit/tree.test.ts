import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Expr } from "../ast/nodes.js";
import { mapExpr } from "../ast/transform.js";
import { parseOrThrow } from "../parse/index.js";
import { expression, FUZZ_SEED } from "../testing/arbitrary.js";
import { print } from "../print/print.js";
import { editNix } from "./document.js";
import { findByPath, visit } from "./tree.js";

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

describe("findByPath", () => {
  // One rule for which sets a path goes through (`setsThrough` in locate.ts): the AST's
  // findByPath and the editor's get (over the syntax tree) reach the same values.
  const cases: readonly (readonly [string, readonly string[][]])[] = [
    [
      "{ lib, ... }: { a.b = lib.mkIf true { c = [ 1 2 ]; }; }",
      [["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "0"], ["a", "b", "c", "1"]],
    ],
    ["{ a = x: { b = 1; }; }", [["a"], ["a", "b"]]],
    [
      "{ a = [ { b = 1; } ]; }",
      [
        ["a", "b"],
        ["a", "0"],
        ["a", "0", "b"],
        ["a", "1"],
      ],
    ],
    [
      "{ a = lib.mkMerge [ { b = 1; } (lib.mkIf c { d = 2; }) ]; }",
      [
        ["a", "b"],
        ["a", "d"],
      ],
    ],
    ["let x = 1; in with y; assert z; { a = 1; }", [["a"], ["x"]]],
    [
      "{ a = mkOption { default = 1; }; b = mkOption (f { c = 1; }); c = mkDefault (mkForce { d = 3; }); }",
      [
        ["a", "default"],
        ["b", "c"],
        ["c", "d"],
      ],
    ],
    ["{ a = (({ b = 1; })); }", [["a", "b"]]],
    ["x: y: { a = 1; }", [["a"]]],
    ["({ a = 1; })", [["a"]]],
    [
      "{ a = f { b = 1; }; c = { d = 1; } // { e = 2; }; }",
      [
        ["a", "b"],
        ["c", "d"],
        ["c", "e"],
      ],
    ],
    ['{ "a\\"b" = 1; "c\\n" = 2; }', [['a"b'], ["c\n"], ['a\\"b']]],
    [
      '{ "a.b" = { c = 1; }; a.b.d = 2; }',
      [
        ["a.b", "c"],
        ["a", "b", "d"],
        ["a", "b"],
      ],
    ],
  ];
  it("reaches the value the editor's get reaches, and none where get reaches none", () => {
    const show = (e: Expr | undefined) => (e === undefined ? "(none)" : print(e));
    for (const [src, paths] of cases) {
      const doc = editNix(src);
      if (doc._tag === "Left") throw new Error(doc.left.formatted);
      const all = [...paths, ...doc.right.paths()];
      for (const path of all)
        expect(show(findByPath(parseOrThrow(src).expr, path)), `${src} at ${path.join(".")}`).toBe(
          show(doc.right.get(path)),
        );
    }
  });
});
