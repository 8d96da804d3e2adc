/**
 * Injection: text put anywhere a string can reach (strings, attribute names, comments, module and
 * option descriptions, paths) never becomes Nix code. Nix itself judges: every printed text must
 * evaluate to exactly the intended value, and comments must not change it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { defineModule, mkOption, renderModule, t } from "../module/index.js";
import { print } from "../print/print.js";
import { describeWithNix, nixEval } from "./nix.js";

/** Characters that end literals, comments or open code in Nix. */
const hostile = fc.string({
  unit: fc.constantFrom(
    "\r",
    "\n",
    "\u2028",
    "*/",
    "/*",
    "#",
    "${",
    "$",
    "''",
    "'",
    '"',
    "\\",
    "~",
    "<",
    ">",
    ";",
    "}",
    "{",
    "(",
    ")",
    "\t",
    "\u0001",
    "\u001b",
    "a",
    " ",
    'builtins.throw "pwned"',
    "😀",
  ),
  maxLength: 12,
});

const CASES = 1000;

/**
 * Checks in one Nix process that each printed expression evaluates to its expected value; the
 * expected values travel as a JSON file, so the test does not rely on the escaping it tests.
 */
function agree(pairs: ReadonlyArray<readonly [unknown, string]>): void {
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-inject-"));
  try {
    writeFileSync(join(dir, "expected.json"), JSON.stringify(pairs.map(([v]) => v)));
    const items = pairs.map(([, nix], i) => `(builtins.elemAt e ${i} == (\n${nix}))`);
    const out = nixEval(
      `let e = builtins.fromJSON (builtins.readFile ${join(dir, "expected.json")}); in [\n${items.join("\n")}\n]`,
    );
    const verdicts = out.replace(/^\[\s*|\s*\]$/g, "").split(/\s+/);
    expect(verdicts).toHaveLength(pairs.length);
    verdicts.forEach((v, i) => {
      if (v !== "true")
        expect.fail(`Nix disagrees for ${JSON.stringify(pairs[i]![0])}:\n${pairs[i]![1]}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithNix("hostile text stays text", () => {
  it(`strings, indented strings and attribute names (${CASES} each) read back exactly`, () => {
    const texts = fc.sample(hostile, { numRuns: CASES, seed: 1 }).map((s) => s.replace(/\0/g, ""));
    agree(
      texts.flatMap(
        (s) =>
          [
            [s, print(n.str(s))],
            [s + "\n", print(n.str(s + "\n"))],
            [{ [s]: 1 }, print(fromValue({ [s]: 1 }))],
            [`x${s}y`, print(n.str`x${s}${n.str("y")}`)],
          ] as const,
      ),
    );
    expect(texts.length).toBe(CASES);
  });
  it(`comments of every kind (${CASES} each) never execute`, () => {
    const texts = fc.sample(hostile, { numRuns: CASES, seed: 2 });
    const value = (s: string): Expr =>
      n.withComments(
        n.attrs([
          n.withComments(n.assign("a", n.withComments(n.int(1), { trailing: s })), {
            before: [
              n.lineComment(s),
              n.docComment(s),
              { type: "blockComment", doc: false, lines: [s, s] },
            ],
          }),
        ]),
        { before: [n.lineComment(` ${s}`)] },
      );
    agree(texts.map((s) => [{ a: 1 }, print(value(s))] as const));
    expect(texts.length).toBe(CASES);
  });
  it(`module and option descriptions (${CASES / 10}) stay comments and strings`, () => {
    const texts = fc.sample(hostile, { numRuns: CASES / 10, seed: 3 });
    const pairs = texts.map((s) => {
      const m = defineModule({
        name: "m",
        path: ["m"],
        description: s,
        options: { o: mkOption(t.str, { default: s, description: s }) },
      });
      const r = renderModule(m);
      if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
      // Applying the module to stand-in arguments gives back the declared default text.
      const applied = `((${print(r.right)}) { lib = { mkOption = o: o; types.str = null; }; })`;
      return [
        [s, s],
        `[ ${applied}.options.m.o.default ${applied}.options.m.o.description ]`,
      ] as const;
    });
    agree(pairs);
  });
  it("path and other literal nodes made by hand are refused, not printed as code", () => {
    const fakes: unknown[] = [
      JSON.parse('{"type":"float","text":"builtins.readFile /etc/hostname"}'),
      { type: "int", value: "1; evil" },
      { type: "path", parts: [{ type: "text", raw: "./a; evil" }] },
      { type: "searchPath", path: "nixpkgs> (throw 1) <x" },
      { type: "binary", op: "; evil ;", left: n.int(1), right: n.int(2) },
      { type: "ident", name: "a b" },
      { type: "evil" },
    ];
    fakes.forEach((fake, i) => {
      expect(() => print(n.list([fake as Expr])), `fake ${i}`).toThrow(NixEmitError);
      expect(() => n.str`${fake as Expr}`, `fake ${i}`).toThrow(NixEmitError);
    });
  });
});
