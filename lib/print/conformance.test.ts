/**
 * Conformance with the official formatter: each `fixtures/nixfmt/NAME.in.nix`, parsed and printed,
 * must equal nixfmt 1.4.0's `--strict` output byte for byte (`NAME.out.nix` at width 100,
 * `NAME.w60.out.nix` at width 60 where it differs), and printing must be idempotent.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../parse/index.js";
import { describeWithNix, nixParseMany, withFreeVariables } from "../testing/nix.js";
import { print } from "./print.js";

const dir = join(import.meta.dirname, "../../fixtures/nixfmt");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".in.nix"))
  .map((f) => f.slice(0, -".in.nix".length))
  .sort();

function expected(name: string, width: number): string {
  const w60 = join(dir, `${name}.w60.out.nix`);
  return readFileSync(width === 60 && existsSync(w60) ? w60 : join(dir, `${name}.out.nix`), "utf8");
}

describe("nixfmt conformance", () => {
  it("has the 27 conformance pairs", () => expect(names).toHaveLength(27));
  for (const name of names) {
    const input = readFileSync(join(dir, `${name}.in.nix`), "utf8");
    for (const width of [100, 60]) {
      it(`${name} at width ${width}`, () => {
        expect(print(parseOrThrow(input, { file: name }), { width })).toBe(expected(name, width));
      });
    }
    it(`${name} output is a fixed point`, () => {
      const out = expected(name, 100);
      expect(print(parseOrThrow(out))).toBe(out);
    });
  }
});

describeWithNix("formatting never changes meaning (nix-instantiate --parse)", () => {
  it("parses every fixture input like its formatted output", () => {
    const sources = names.flatMap((name) => {
      const input = readFileSync(join(dir, `${name}.in.nix`), "utf8");
      return [input, print(parseOrThrow(input)), print(parseOrThrow(input), { width: 60 })].map(
        withFreeVariables,
      );
    });
    const results = nixParseMany(sources);
    names.forEach((name, i) => {
      const [input, w100, w60] = results.slice(3 * i, 3 * i + 3);
      expect(input, name).toMatchObject({ ok: true });
      expect(w100, name).toEqual(input);
      expect(w60, name).toEqual(input);
    });
  });
});
