/**
 * One way from source to everything: `print(parse(src))` gives `formatText(src)`'s bytes (the path
 * `nix-emit fmt` takes), in default and strict mode, on nixfmt's suite (the widths it uses),
 * nixpkgs lib, the repository's fixtures and 1,000 generated texts with comments. And the AST alone
 * (without the tokens it was lifted from) still carries every comment.
 *
 * @module
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { SourceFile } from "../ast/nodes.js";
import { formatText } from "../print/formatText.js";
import { print } from "../print/print.js";
import { FUZZ_SEED, sourceFile } from "../testing/arbitrary.js";
import { nixFilesUnder } from "../testing/files.js";
import { nixRequired } from "../testing/nix.js";
import { nixpkgsLib, repoRoot } from "../testing/nixos.js";
import { commentDiff, commentLines } from "../testing/sourceComments.js";
import { n } from "../ast/build.js";
import { parse } from "./index.js";

const suiteRoot = resolve(repoRoot, process.env["NIXFMT_SUITE"] ?? "../shared/vendor/nixfmt-suite");
const suiteDir = join(suiteRoot, "test/diff");

interface Case {
  readonly name: string;
  readonly text: string;
  readonly width: number;
  readonly strict: boolean;
}

/** The cases where `print(parse(·))` and `formatText` differ (or one fails and not the other). */
function differences(cases: readonly Case[]): string[] {
  const bad: string[] = [];
  for (const c of cases) {
    const options = { width: c.width, strict: c.strict };
    const fmt = formatText(c.text, options);
    const parsed = parse(c.text);
    let ours: string;
    if (E.isLeft(parsed)) ours = `error: ${parsed.left.formatted}`;
    else {
      try {
        ours = print(parsed.right, options);
      } catch (err) {
        ours = `error: ${(err as Error).message}`;
      }
    }
    // Pipes are outside the AST: parse refuses them, fmt formats them.
    if (E.isLeft(parsed) && /pipe operator/.test(parsed.left.message)) continue;
    const theirs = E.isRight(fmt) ? fmt.right : `error: ${fmt.left.formatted}`;
    if (ours !== theirs) bad.push(`${c.name} (width ${c.width}${c.strict ? ", strict" : ""})`);
  }
  return bad;
}

function both(name: string, text: string, width: number): Case[] {
  return [
    { name, text, width, strict: false },
    { name, text, width, strict: true },
  ];
}

const haveSuite = existsSync(suiteDir);
if (!haveSuite && !nixRequired())
  process.stderr.write(
    `SKIPPED (no nixfmt suite at ${suiteDir}, set NIXFMT_SUITE): one-way suite test\n`,
  );

describe("print(parse(src)) is fmt(src)", () => {
  it.skipIf(!haveSuite && !nixRequired())("on every file of nixfmt's suite (width 80)", () => {
    expect(existsSync(suiteDir), `nixfmt suite at ${suiteDir}`).toBe(true);
    const cases: Case[] = [];
    for (const d of readdirSync(suiteDir).sort())
      for (const f of ["in.nix", "out.nix", "out-pure.nix"]) {
        const p = join(suiteDir, d, f);
        if (existsSync(p)) cases.push(...both(`${d}/${f}`, readFileSync(p, "utf8"), 80));
      }
    expect(cases.length).toBeGreaterThan(150);
    expect(differences(cases)).toEqual([]);
  });

  const lib = nixpkgsLib();
  if (!lib && !nixRequired())
    process.stderr.write("SKIPPED (set NIXPKGS_LIB): print(parse(src)) on nixpkgs lib\n");
  it.skipIf(!lib && !nixRequired())("on every file of nixpkgs lib (width 100)", () => {
    expect(lib, "nixpkgs lib (NIXPKGS_LIB)").toBeDefined();
    const cases = nixFilesUnder(lib!).flatMap((f) => both(f, readFileSync(f, "utf8"), 100));
    expect(cases.length).toBeGreaterThan(100);
    expect(differences(cases)).toEqual([]);
  });

  it("on every fixture of the repository (widths 100 and 40)", () => {
    const files = nixFilesUnder(join(repoRoot, "fixtures")).filter((f) => !f.includes("/invalid"));
    expect(files.length).toBeGreaterThan(20);
    const cases = files.flatMap((f) => {
      const text = readFileSync(f, "utf8");
      return [...both(f, text, 100), ...both(f, text, 40)];
    });
    expect(differences(cases)).toEqual([]);
  });

  it("on 1,000 generated texts with comments (widths 80 and 30)", () => {
    const texts = fc
      .sample(sourceFile({ depth: 4 }), { seed: FUZZ_SEED + 31, numRuns: 1000 })
      .map((f, i) => print(f, { width: 20 + (i % 4) * 20 }));
    expect(texts.filter((t) => t.includes("#")).length).toBeGreaterThan(250);
    const cases = texts.map((text, i) => ({
      name: `generated ${i}`,
      text,
      width: i % 2 === 0 ? 80 : 30,
      strict: i % 3 === 0,
    }));
    expect(differences(cases)).toEqual([]);
  });
});

/** A copy of the tree with nothing but its own fields: no link to the tokens it was read from. */
function detached(file: SourceFile): SourceFile {
  return structuredClone(file);
}

describe("the AST lifted from the token tree carries every comment on its own", () => {
  const keeps = (name: string, text: string) => {
    const parsed = parse(text);
    if (E.isLeft(parsed)) return;
    const out = print(detached(parsed.right));
    const diff = commentDiff(commentLines(text), commentLines(out));
    expect(diff, `${name}: comments`).toEqual({ lost: [], added: [] });
  };

  it("on every fixture and 300 generated texts with comments", () => {
    for (const f of nixFilesUnder(join(repoRoot, "fixtures")).filter(
      (f) => !f.includes("/invalid"),
    ))
      keeps(f, readFileSync(f, "utf8"));
    fc.sample(sourceFile({ depth: 4 }), { seed: FUZZ_SEED + 32, numRuns: 300 })
      .map((f, i) => print(f, { width: 20 + (i % 4) * 20 }))
      .forEach((t, i) => keeps(`generated ${i}:\n${t}`, t));
  });

  it.skipIf(!haveSuite)("on nixfmt's suite", () => {
    for (const d of readdirSync(suiteDir).sort()) {
      const p = join(suiteDir, d, "in.nix");
      // Disabled regions are raw text: a changed tree has no raw text to keep.
      if (existsSync(p) && !d.startsWith("directive")) keeps(d, readFileSync(p, "utf8"));
    }
  });
});

describe("a changed parsed tree keeps nixfmt's comment placement where it did not change", () => {
  const src = [
    "{",
    "  inputs = self: # from the flake",
    "    { x = 1; };",
    "  step = f (x: x.next # advance the path",
    "  ) y;",
    "  b = 2;",
    "}",
    "",
  ].join("\n");
  it("replacing one binding changes only that binding's text", () => {
    const fmt = formatText(src);
    const parsed = parse(src);
    if (E.isLeft(fmt) || E.isLeft(parsed)) throw new Error("does not read");
    const set = parsed.right.expr;
    if (set.type !== "attrs") throw new Error("not a set");
    const three = n.attrs({ b: n.int(3) });
    if (three.type !== "attrs") throw new Error("not a set");
    const changed: SourceFile = {
      ...parsed.right,
      expr: { ...set, bindings: [...set.bindings.slice(0, -1), three.bindings[0]!] },
    };
    expect(fmt.right).toContain("b = 2;");
    expect(print(changed)).toBe(fmt.right.replace("b = 2;", "b = 3;"));
    // Detached from its tokens, the same tree still prints every comment.
    expect(commentDiff(commentLines(src), commentLines(print(detached(changed))))).toEqual({
      lost: [],
      added: [],
    });
  });
});
