/**
 * Regression tests for inputs found on unseen and generated material where `nix-emit fmt` and
 * `parse` differed from Nix and nixfmt.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { parse } from "../parse/index.js";
import { formatText } from "../print/formatText.js";
import { nixRequired } from "../testing/nix.js";
import { repoRoot } from "../testing/nixos.js";
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

const nixfmt = resolve(repoRoot, process.env["NIXFMT"] ?? "../shared/tools/bin/nixfmt");
const haveNixfmt = existsSync(nixfmt);
if (!haveNixfmt && !nixRequired())
  process.stderr.write(
    `SKIPPED (no nixfmt at ${nixfmt}, set NIXFMT): pipe layout against nixfmt\n`,
  );

describe("`->` next to the pipes `|>` and `<|` groups as nixfmt's parser does", () => {
  // nixfmt's operator table: `->`, then `|>` (left), then `<|` (right), each binding less.
  const sources = [
    "x -> f { a = 1; b = 2; } |> g\n",
    "{\n  check = someLongConditionName -> lib.functionWithLongName { attributeOne = 1; attributeTwo = 2; } |> builtins.finalTransformation;\n}\n",
    "a |> f -> g <| h |> i\n",
    "a -> b -> c |> d |> e -> f\n",
    "f <| g <| x -> y |> z\n",
    "[ (x |> f) (a -> b |> c) ]\n",
  ];
  it.skipIf(!haveNixfmt && !nixRequired())(
    "as the real nixfmt lays it out (widths 100 and 30)",
    () => {
      expect(existsSync(nixfmt), `nixfmt at ${nixfmt}`).toBe(true);
      for (const src of sources)
        for (const width of [100, 30]) {
          const theirs = execFileSync(nixfmt, [`--width=${width}`, "-"], {
            input: src,
            encoding: "utf8",
          });
          expect(formatText(src, { width }), `${src} at width ${width}`).toEqual(E.right(theirs));
        }
    },
  );
});

describe("nesting is limited only by memory (nixfmt formats it; Nix parses it)", () => {
  const DEPTH = 5000;
  const shapes: Record<string, (d: number) => string> = {
    interpolations: (d) => `${'"a${'.repeat(d)}x${'}"'.repeat(d)}\n`,
    sets: (d) => `${"{ a = ".repeat(d)}1${"; }".repeat(d)}\n`,
    lists: (d) => `${"[ ".repeat(d)}1${" ]".repeat(d)}\n`,
    parentheses: (d) => `${"(".repeat(d)}1${")".repeat(d)}\n`,
    arguments: (d) => `${"f (".repeat(d)}x${")".repeat(d)}\n`,
    lambdas: (d) => `${"x: ".repeat(d)}x\n`,
  };
  for (const [name, make] of Object.entries(shapes))
    it(
      `${DEPTH} nested ${name} format, and the output formats to itself`,
      { timeout: 120_000 },
      () => {
        const out = formatText(make(DEPTH));
        if (E.isLeft(out)) throw new Error(out.left.formatted);
        expect(formatText(out.right)).toEqual(out);
      },
    );
  it("a syntax error deep inside is still reported where it is", { timeout: 120_000 }, () => {
    const src = `${"[ ".repeat(DEPTH)}1 ;${" ]".repeat(DEPTH)}\n`;
    const out = formatText(src, { file: "x.nix" });
    expect(E.isLeft(out) && out.left.formatted).toMatch(/^x\.nix:1:10003: syntax error/);
  });
});

describe("a character Nix does not read as space, between tokens, is named where it is", () => {
  for (const [char, name] of [
    ["\u00a0", "no-break space (U+00A0)"],
    ["\f", "form feed (U+000C)"],
    ["\v", "vertical tab (U+000B)"],
    ["\u2003", "em space (U+2003)"],
    ["\u200b", "zero-width space (U+200B)"],
    ["\u3000", "ideographic space (U+3000)"],
  ] as const) {
    it(`${name}`, () => {
      for (const [src, line, column] of [
        [`{ a = 1;${char}b = 2; }\n`, 1, 9],
        [`[\n  1${char}]\n`, 2, 4],
        [`let\n  x = 1;\nin${char}x\n`, 3, 3],
      ] as const)
        for (const message of errors(src)) {
          expect(message).toContain(`x.nix:${line}:${column}: syntax error: unexpected ${name}`);
          expect(message).not.toMatch(/end of input/);
        }
    });
  }
  it("inside strings and comments they are text", () => {
    const src = '{ a = "1\u00a02\f"; # x\u00a0y\v\n}\n';
    expect(E.isRight(formatText(src))).toBe(true);
    expect(E.isRight(parse(src))).toBe(true);
  });
});
