/**
 * Differential property: for generated valid trees, the official-format printer `print` (at widths
 * 100, 60 and 20) and the fully-parenthesised one-line oracle `printFlat` produce texts that Nix
 * parses (`nix-instantiate --parse`) to the SAME expression. Nix renders the parsed tree with its own
 * parentheses and without comments or layout, so any precedence, escaping or layout mistake of
 * either printer shows up as a difference or a parse error.
 *
 * Nix runs batched: every text of every sampled tree is parsed up front in a few processes (the
 * oracle caches by text); fast-check then checks the same trees (same seed) against the cache, and
 * only shrinking a failure starts Nix per example.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import type { SourceFile } from "../ast/nodes.js";
import { printFlat } from "./flat.js";
import { print } from "../print/print.js";
import { FUZZ_SEED, showTree, sourceFile } from "./arbitrary.js";
import { describeWithNix } from "./nix.js";
import { NixParseOracle } from "./oracle.js";

const CASES = 2000;
const WIDTHS = [100, 60, 20] as const;

interface Printed {
  readonly flat: string;
  readonly pretty: readonly { readonly width: number; readonly text: string }[];
}

function printAll(file: SourceFile): Printed {
  return {
    flat: printFlat(file.expr),
    pretty: WIDTHS.map((width) => ({ width, text: print(file, { width }) })),
  };
}

/** Throws a readable report when Nix disagrees; returns normally when all texts agree. */
function check(oracle: NixParseOracle, file: SourceFile): void {
  const printed = printAll(file);
  oracle.prefetch([printed.flat, ...printed.pretty.map((p) => p.text)]);
  const flat = oracle.parse(printed.flat);
  const report = (what: string) =>
    [
      what,
      `--- printFlat ---\n${printed.flat}`,
      ...printed.pretty.map((p) => `--- print width ${p.width} ---\n${p.text}`),
      `--- tree ---\n${showTree(file)}`,
    ].join("\n");
  if (!flat.ok) throw new Error(report(`printFlat output does not parse: ${flat.error}`));
  for (const { width, text } of printed.pretty) {
    const r = oracle.parse(text);
    if (!r.ok) throw new Error(report(`print (width ${width}) output does not parse: ${r.error}`));
    if (r.output !== flat.output)
      throw new Error(
        report(
          `print (width ${width}) and printFlat parse differently:\n  print: ${r.output}\n  flat:  ${flat.output}`,
        ),
      );
  }
}

describeWithNix("print vs printFlat, judged by nix-instantiate --parse", () => {
  it(`agree on ${CASES} generated trees at widths 100, 60 and 20`, () => {
    const arb = sourceFile({ depth: 4 });
    const oracle = new NixParseOracle();
    const sample = fc.sample(arb, { seed: FUZZ_SEED, numRuns: CASES });
    oracle.prefetch(
      sample.flatMap((file) => {
        try {
          const p = printAll(file);
          return [p.flat, ...p.pretty.map((x) => x.text)];
        } catch {
          return []; // reported by the property below
        }
      }),
    );
    fc.assert(
      fc.property(arb, (file) => check(oracle, file)),
      { seed: FUZZ_SEED, numRuns: CASES },
    );
    expect(oracle.size).toBeGreaterThanOrEqual(CASES);
  });

  it("the check can fail: a tree printed wrongly is caught", () => {
    const oracle = new NixParseOracle();
    // `a - (b - c)` printed without its parentheses parses as `(a - b) - c`.
    const wrong = oracle.parse("a - b - c");
    const right = oracle.parse(
      printFlat({
        type: "binary",
        op: "-",
        left: { type: "ident", name: "a" },
        right: {
          type: "binary",
          op: "-",
          left: { type: "ident", name: "b" },
          right: { type: "ident", name: "c" },
        },
      }),
    );
    expect(wrong.ok && right.ok).toBe(true);
    expect(wrong.ok && right.ok && wrong.output === right.output).toBe(false);
  });
});
