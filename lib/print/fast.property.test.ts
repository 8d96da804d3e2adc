/**
 * The direct path for plain values (`fast.ts`) prints exactly what the general printer prints, on
 * generated values at several widths and indentation steps.
 */
import fc from "fast-check";
import { afterEach, expect, it } from "vitest";
import { n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";
import { isPlainValue, printPlain } from "./fast.js";
import { print, useGeneralPrinterOnly } from "./print.js";

afterEach(() => useGeneralPrinterOnly(false));

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "",
    "a\nb",
    "line\n",
    "x".repeat(95),
    "multi\nline\ntext\n\n",
    " lead\n  two",
    "$${x}\n'' \\",
  ),
  fc.string({ unit: fc.constantFrom("a", " ", "\n", "'", "$", "{", "\\", "\t"), maxLength: 20 }),
);
const key = fc.oneof(
  fc.constantFrom("a", "in", "or", "a.b", "", "x-y", "1a", "kubelet.config.k8s.io"),
  fc.string({ maxLength: 6 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((x) => x === 0 || Math.abs(x) > 1e-300),
    text,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(key, tie("v"), { maxKeys: 3, noNullPrototype: true }),
  ),
})).v;

/** `print` of `fromValue(v)` (width 100) equals the general printer's text; returns the tree. */
function expectSameAsGeneral(v: unknown): Expr {
  const e = fromValue(v);
  useGeneralPrinterOnly(false);
  const fast = print(e);
  useGeneralPrinterOnly(true);
  expect(fast).toBe(print(e));
  return e;
}

const CASES = Number(process.env["FAST_CASES"] ?? 5000);

it(`gives the general printer's bytes on ${CASES} generated values × widths 100/60/20/1 × indents 2/4/0`, () => {
  let plain = 0;
  let direct = 0;
  let combos = 0;
  for (const v of fc.sample(value, {
    numRuns: CASES,
    seed: Number(process.env["FAST_SEED"] ?? 4242),
  })) {
    const e = fromValue(v);
    if (!isPlainValue(e)) continue;
    plain++;
    for (const width of [100, 60, 20, 1])
      for (const indent of [2, 4, 0]) {
        combos++;
        useGeneralPrinterOnly(false);
        const fast = print(e, { width, indent });
        useGeneralPrinterOnly(true);
        const general = print(e, { width, indent });
        if (fast !== general)
          expect.fail(
            `width ${width} indent ${indent}: ${JSON.stringify(v)}\n--- fast\n${fast}--- general\n${general}`,
          );
        if (printPlain(e, width, indent) !== undefined) direct++;
      }
  }
  // The direct path must carry most cases, not hand them all to the general printer.
  expect(direct).toBeGreaterThan(combos * 0.6);
  // The generator must exercise the direct path, not only the fallback.
  expect(plain).toBeGreaterThan(CASES * 0.9);
});

it("gives the general printer's bytes on 500 larger, deeper values at width 100", () => {
  const big: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "medium" },
      fc.integer(),
      text,
      fc.array(tie("v"), { maxLength: 6 }),
      fc.dictionary(key, tie("v"), { maxKeys: 6, noNullPrototype: true }),
    ),
  })).v;
  let direct = 0;
  for (const v of fc.sample(big, { numRuns: 500, seed: 17 })) {
    const e = expectSameAsGeneral(v);
    if (isPlainValue(e) && printPlain(e, 100, 2) !== undefined) direct++;
  }
  expect(direct).toBeGreaterThan(250);
});

it("leaves trees with a non-plain node anywhere to the general printer, with the same bytes", () => {
  // Expressions, interpolations and comments inside data: the direct path meets them mid-walk
  // (as a binding's value, a list item, a one-element container's content) and must fall back.
  const nonPlain = fc.constantFrom(
    n.ref("config.x"),
    n.call("toString", n.int(1)),
    n.str`${n.ref("cfg.dir")}/a`,
    n.id("pkgs"),
    n.op(n.int(1), "-", n.int(2)),
    n.rec({ a: n.int(1) }),
  );
  const mixed: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      nonPlain,
      fc.integer(),
      text,
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 3, noNullPrototype: true }),
    ),
  })).v;
  let fellBack = 0;
  for (const v of fc.sample(mixed, { numRuns: 1000, seed: 99 })) {
    const e = expectSameAsGeneral(v);
    if (printPlain(e, 100, 2) === undefined) fellBack++;
  }
  expect(fellBack).toBeGreaterThan(300);
});
