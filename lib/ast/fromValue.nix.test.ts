/**
 * Value fidelity, judged by Nix: for generated JSON-like values with hostile strings and keys, the
 * printed `fromValue(v)` evaluates to the same value as `builtins.fromJSON (JSON.stringify v)`.
 * Compared inside Nix, since Nix 2.8 prints floats with only 6 digits.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { print } from "../print/print.js";
import { printFlat } from "../testing/flat.js";
import { describeWithNix, nixEval } from "../testing/nix.js";
import { escapeDoubleQuoted } from "./escape.js";
import { fromValue } from "./fromValue.js";

const CASES = 2000;
const BATCH = 250;
const SEED = 424242;

const hostile = fc.constantFrom(
  '"',
  "\\",
  "${",
  "''",
  "'''",
  "$",
  "$$",
  "${x}",
  "\n",
  "\t",
  "\r",
  "\r\n",
  "'",
  " ",
  "  ",
  "{",
  "}",
  "é",
  "😀",
  "\u0001",
  "\u007f",
  "a.b",
  "or",
  "if",
  "-",
  "''$",
  "''\\",
  "\\n",
  "#",
  "/*",
  "*/",
);
const text = fc
  .array(
    fc.oneof(hostile, fc.string({ maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 3 })),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(""))
  .filter((s) => !s.includes("\u0000"));
const key = fc.oneof(
  text,
  fc.constantFrom("", "a b", "a.b", "kubelet.config.k8s.io", "x", "inherit", "1a", "_"),
);
const double = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .filter((x) => x === 0 || Math.abs(x) >= 2.2250738585072014e-308);
const number = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  double,
  fc.constantFrom(0.1, 1e21, 1e-7, 1.5e300, 123.456, 2 ** 53, -(2 ** 53), 5e-300),
);

const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

function agreeInNix(values: unknown[], render: (v: unknown) => string): void {
  for (let start = 0; start < values.length; start += BATCH) {
    const batch = values.slice(start, start + BATCH);
    const items = batch.map(
      (v) => `(builtins.fromJSON "${escapeDoubleQuoted(JSON.stringify(v))}" == (\n${render(v)}))`,
    );
    const result = nixEval(`[\n${items.join("\n")}\n]`);
    const verdicts = result.replace(/^\[\s*|\s*\]$/g, "").split(/\s+/);
    expect(verdicts).toHaveLength(batch.length);
    verdicts.forEach((verdict, i) => {
      if (verdict !== "true")
        expect.fail(`Nix disagrees for ${JSON.stringify(batch[i])}:\n${render(batch[i])}`);
    });
  }
}

describeWithNix("fromValue reads back identically in Nix", () => {
  const values = fc.sample(value, { numRuns: CASES, seed: SEED });
  it(`print(fromValue(v)) == v for ${CASES} generated values`, () => {
    agreeInNix(values, (v) => print(fromValue(v)));
  });
  it(`printFlat(fromValue(v)) == v for ${CASES} generated values`, () => {
    agreeInNix(values, (v) => printFlat(fromValue(v)));
  });
  it("keeps floats of every magnitude exactly", () => {
    const floats = [
      0.1,
      1 / 3,
      1e-300,
      2.2250738585072014e-308,
      1.7976931348623157e308,
      123456789.123,
      1e21,
      9007199254740993,
    ];
    agreeInNix(floats, (v) => print(fromValue(v)));
  });
});
