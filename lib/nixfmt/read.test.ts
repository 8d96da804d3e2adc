/**
 * The fast reader against tree-sitter-nix: on every input, `readSource` either gives up (the
 * tree-sitter path then reads it) or builds exactly the tree `fromCst` builds from tree-sitter's
 * syntax tree, in default and strict mode; where tree-sitter reports a syntax error, the reader
 * must give up (so that the error is reported the same way). Inputs: nixpkgs lib, nixfmt's own
 * test suite, the repository's fixtures, generated texts, lexer corners written here, and random
 * edits of real files (most of which are syntax errors).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as E from "../either.js";
import { checkedCst } from "../treesitter/cst.js";
import { print } from "../print/print.js";
import { FUZZ_SEED, expression, sourceFile } from "../testing/arbitrary.js";
import { printFlat } from "../testing/flat.js";
import { nixFilesUnder } from "../testing/files.js";
import { nixRequired } from "../testing/nix.js";
import { findOracle, howToGet, type OracleName } from "../testing/oracle.js";
import { fromCst } from "./fromCst.js";
import { readSource } from "./read.js";

const repo = resolve(import.meta.dirname, "../..");
const libDir = findOracle("nixpkgs lib");
const suiteRoot = findOracle("nixfmt's test suite");

type Outcome = "read" | "gave up" | "syntax error";

/** Reads `source` both ways; a difference is a failure naming `name`. */
function compare(name: string, source: string): Outcome {
  const cst = checkedCst(source);
  let outcome: Outcome = "gave up";
  for (const strict of [false, true]) {
    const fast = readSource(source, strict);
    if (E.isLeft(cst)) {
      expect(fast, `${name}: tree-sitter finds a syntax error, the reader must give up`).toBeNull();
      outcome = "syntax error";
      continue;
    }
    if (fast === null) continue;
    const reference = fromCst(source, cst.right, strict);
    if (!isDeepStrictEqual(fast, reference))
      expect(fast, `${name} (strict: ${strict}): the reader's tree differs`).toEqual(reference);
    outcome = "read";
  }
  return outcome;
}

function compareAll(files: readonly string[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { read: 0, "gave up": 0, "syntax error": 0 };
  for (const f of files) counts[compare(f, readFileSync(f, "utf8"))]++;
  return counts;
}

const reported = new Set<OracleName>();

function corpus(dir: string | undefined, what: OracleName): string[] {
  if (dir === undefined || !existsSync(dir)) {
    if (nixRequired()) throw new Error(`${what} not found: ${howToGet[what]}`);
    if (!reported.has(what))
      process.stderr.write(`SKIPPED fast reader on ${what}: not found (${howToGet[what]})\n`);
    reported.add(what);
    return [];
  }
  return nixFilesUnder(dir);
}

describe("the fast reader builds tree-sitter's tree or gives up", () => {
  it("on nixpkgs lib: every file, nearly all read", () => {
    const files = corpus(libDir, "nixpkgs lib");
    const counts = compareAll(files);
    process.stderr.write(`fast reader, nixpkgs lib: ${JSON.stringify(counts)}\n`);
    // lib/path/tests/unit.nix alone holds a lexer corner (`a/b` paths)
    if (files.length > 0) expect(counts.read).toBeGreaterThanOrEqual(files.length - 2);
  });

  it("on nixfmt's test suite and the repository's fixtures", () => {
    const files = [
      ...corpus(suiteRoot, "nixfmt's test suite"),
      ...nixFilesUnder(join(repo, "fixtures")),
    ];
    const counts = compareAll(files);
    process.stderr.write(`fast reader, suite and fixtures: ${JSON.stringify(counts)}\n`);
    expect(counts.read).toBeGreaterThan(files.length * 0.8);
  });

  it("on 1,000 generated texts (one-line and narrow with comments)", () => {
    const flat = fc
      .sample(expression({ depth: 4, comments: false }), { seed: FUZZ_SEED + 21, numRuns: 500 })
      .map((e) => printFlat(e) + "\n");
    const narrow = fc
      .sample(sourceFile({ depth: 4 }), { seed: FUZZ_SEED + 22, numRuns: 500 })
      .map((f, i) => print(f, { width: 20 + (i % 3) * 20 }));
    const outcomes = [...flat, ...narrow].map((t, i) => compare(`generated ${i}:\n${t}`, t));
    const read = outcomes.filter((o) => o === "read").length;
    process.stderr.write(`fast reader, generated: ${read} of 1000 read\n`);
    expect(read).toBeGreaterThan(950);
  });

  // Corners of Nix's lexer and of tree-sitter-nix's grammar: each is read identically or left to
  // tree-sitter; the ones marked `read` must be read.
  const corners: Array<[string, Outcome | "either"]> = [
    ["a: b", "read"],
    ["x:x", "either"], // a URI in Nix
    ["{ a, b ? 1, ... }@args: a", "read"],
    ["args@{ a, }: a", "either"], // trailing comma: tree-sitter-nix 0.0.2 reads it with an error node
    ["{ }: 1", "read"],
    ["{ a = 1; }", "read"],
    ["{ a }: a", "read"],
    ["rec { a = 1; b = a; }", "read"],
    ["let { body = 1; }", "either"],
    ["let a = 1; in a", "read"],
    ["let in 1", "read"],
    ["a.b.c or d", "read"],
    ['a.${b}."c" or (d e)', "read"],
    ["f a.b or c d", "read"],
    ["a ? b.c", "read"],
    ["-a ? b", "read"],
    ["!a ? b", "read"],
    ["!a + b // c", "read"],
    ["a + !b + c", "read"],
    ["a * -b + c", "read"],
    [
      "a -> b -> c || d && e == f < g && h != i <= j && k > l && m >= n // o // p + q - r * s / t ++ u",
      "read",
    ],
    ["a == b == c", "either"],
    ["a - -1", "read"],
    ["f -1", "read"],
    ["a / b", "read"],
    ["a/b", "either"], // a path in Nix
    ["a /b", "either"],
    ["a./b", "either"],
    ["./a/b.nix", "read"],
    ["../a", "read"],
    ["/etc/x", "read"],
    ["~/x", "read"],
    ["f a~/b", "either"], // tree-sitter reads `a./b` (its mask turns `~/` into `./`)
    ["{ a = x.y~/z; }", "either"],
    ["./a/${b}", "either"],
    ["./a/", "either"],
    ["<nixpkgs>", "read"],
    ["<nixpkgs/lib>", "read"],
    ["a < b", "read"],
    ["a <b> c", "either"],
    ["https://example.org/a?b=c", "read"],
    ["1.5e3 + .5 + 1. + 0.25", "read"],
    ["01.5", "either"],
    ["0.", "either"],
    ['"a${b}c\\${d}$e"', "read"],
    ['"$${a}"', "either"],
    ["''\n  a ''${b} '''\n  ${c}\n''", "read"],
    ["''a''\\n''", "read"],
    ["[ a b.c (d e) ]", "read"],
    ["[ a or b ]", "either"],
    ["{ or = 1; }", "either"],
    ["inherit", "syntax error"],
    ['{ inherit a "b" ${c}; inherit (d) e; }', "read"],
    ["{ inherit; }", "either"],
    ["a |> b", "either"],
    ["a <| b", "either"],
    ["{ a = 1; } # end\n", "read"],
    ["/* lead */ a /* mid */ + # trail\n b", "read"],
    ["x /*nixfmt:disable*/ + y", "either"],
    ["# only a comment\n", "syntax error"],
    ["", "syntax error"],
    ["a +", "syntax error"],
    ["{ a = 1 }", "syntax error"],
    ['"unterminated', "syntax error"],
    ["a\rb", "either"],
    ["\u00a0a", "either"],
    ["a\u000bb", "either"],
  ];
  for (const [source, expected] of corners)
    it(`corner ${JSON.stringify(source)}`, () => {
      const outcome = compare(JSON.stringify(source), source);
      if (expected !== "either") expect(outcome).toBe(expected);
    });

  it("on 3,000 random edits of real files (mostly syntax errors)", () => {
    const files = corpus(suiteRoot && join(suiteRoot, "test/diff"), "nixfmt's test suite")
      .filter((f) => f.endsWith("in.nix"))
      .map((f) => readFileSync(f, "utf8"))
      .filter((t) => t.length < 4000);
    if (files.length === 0) return;
    // Characters and tokens, and corners the reader must get right or leave alone (a larger run
    // of this found `a~/b`, which tree-sitter reads as one path once its mask made it `a./b`).
    const pieces = [
      ..."{}()[];:.,=?@\"'$/\\#*+-!<>|&~ \n\tx1_",
      ...["${", "''", "or", "in", "/*", "*/", "//", "->", "...", ".5", "~/", "<x>", "a/b", "./"],
      ...["1.", "rec", "let", "inherit", "if", "then", "with", "x:y", "''$", "'''", "\\$", "$$"],
    ];
    const edit = fc
      .tuple(
        fc.nat({ max: files.length - 1 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.nat(3),
            fc.constantFrom(...pieces),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([n, edits]) => {
        let t = files[n]!;
        for (const [where, del, piece] of edits) {
          const at = Math.floor(where * t.length);
          t = t.slice(0, at) + (del === 0 ? "" : piece) + t.slice(at + (del === 1 ? 0 : 1));
        }
        return t;
      });
    const counts: Record<Outcome, number> = { read: 0, "gave up": 0, "syntax error": 0 };
    for (const t of fc.sample(edit, { seed: FUZZ_SEED + 23, numRuns: 3000 }))
      counts[compare(`edited:\n${t}`, t)]++;
    process.stderr.write(`fast reader, edited files: ${JSON.stringify(counts)}\n`);
    expect(counts.read).toBeGreaterThan(100);
    expect(counts["syntax error"]).toBeGreaterThan(1000);
  });
});
