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
import { markNode, n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";
import { editNix } from "../edit/document.js";
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

/**
 * Hand-made string nodes whose text is split across neighbouring parts (issue 23, point 1): each
 * part is safe alone, but joined they may open an interpolation, end the literal or merge escapes.
 * Every print must be refused or read back in Nix as the parts' own texts joined.
 */
describeWithNix("hostile part splits stay text (hand-made nodes)", () => {
  // No spaces in indented strings: a part alone would lose them to indentation stripping.
  const code = "(builtins.elemAt [ ] 1)";
  const doubleUnits = ["$", "{", "}", "\\", "x", "$$", "\\$", "\\\\", "n", "'", code, "${"];
  const indentedUnits = ["$", "{", "}", "'", "''", "''$", "'''", "''\\", "\\", "x", "n", code, "+"];
  const part = (units: string[]) => fc.string({ unit: fc.constantFrom(...units), maxLength: 4 });
  const splits = (units: string[]) => fc.array(part(units), { minLength: 2, maxLength: 4 });
  const safeAlone = (raw: string, style: "double" | "indented") => {
    try {
      print(markNode<Expr>({ type: "string", style, parts: [{ type: "text", raw }] }));
      return true;
    } catch {
      return false;
    }
  };
  /** Three ways to print a hand-made node: print, fromValue around it, an edit's set. */
  const printers: Array<[string, (node: Expr) => string]> = [
    ["print", (node) => print(node)],
    ["fromValue", (node) => print(fromValue({ a: [node] }))],
    [
      "doc.set",
      (node) => {
        const doc = editNix("{ a = 1; }\n");
        if (E.isLeft(doc)) throw new Error("does not parse");
        return doc.right.set("a", node).toString();
      },
    ],
  ];
  const read = (printed: string, how: string) => (how === "print" ? printed : `(${printed}).a`);
  it("double-quoted and indented strings, through print, fromValue and doc.set", () => {
    const cases: Array<{ style: "double" | "indented"; parts: string[] }> = [
      { style: "double", parts: ["$", `{${code}}`] },
      { style: "indented", parts: ["'", `'+${code.replace(/ /g, "")}+''$`] },
      { style: "indented", parts: ["$", `{${code}}`] },
      { style: "double", parts: ["\\", `\${${code}}`] },
      // A one-line indented string printed double-quoted: `'''$` is `'''` then `$` (it became `'\\$`).
      { style: "indented", parts: ["'''$", "x"] },
    ];
    for (const style of ["double", "indented"] as const)
      for (const parts of fc.sample(splits(style === "double" ? doubleUnits : indentedUnits), {
        numRuns: 400,
        seed: 7,
      }))
        cases.push({ style, parts });
    const usable = cases.filter((c) => c.parts.every((p) => safeAlone(p, c.style)));
    // What each part means alone, as Nix reads it: the intended text is their concatenation.
    const alone = usable.flatMap((c) =>
      c.parts.map((p) => (c.style === "double" ? `"${p}"` : `''${p}''`)),
    );
    const meanings = JSON.parse(nixEval(`builtins.toJSON [ ${alone.join(" ")} ]`, ["--json"])) as
      string | string[];
    const values = (typeof meanings === "string" ? JSON.parse(meanings) : meanings) as string[];
    let k = 0;
    const pairs: Array<readonly [unknown, string]> = [];
    let refused = 0;
    for (const c of usable) {
      const intended = c.parts.map(() => values[k++]!).join("");
      for (const [how, printer] of printers) {
        const node = markNode<Expr>({
          type: "string",
          style: c.style,
          parts: c.parts.map((raw) => ({ type: "text", raw })),
        });
        let printed: string;
        try {
          printed = printer(node);
        } catch (err) {
          if (!(err instanceof NixEmitError)) throw err;
          refused++;
          continue;
        }
        pairs.push([how === "fromValue" ? [intended] : intended, read(printed, how)]);
      }
    }
    agree(pairs);
    process.stderr.write(
      `injection: ${usable.length} split strings × ${printers.length} printers: ${pairs.length} read back exactly, ${refused} refused\n`,
    );
    expect(usable.length).toBeGreaterThan(200);
  });
  it("a getter that shows the check one text and the printer another cannot inject", () => {
    const hostileText = `\${${code}}`;
    const sly = (): Expr => {
      let reads = 0;
      const part = {
        type: "text",
        get raw() {
          return reads++ === 0 ? "safe" : hostileText;
        },
      };
      return markNode<Expr>({ type: "string", style: "double", parts: [part] } as Expr);
    };
    const pairs: Array<readonly [unknown, string]> = [];
    for (const [how, printer] of printers) {
      let printed: string;
      try {
        printed = printer(sly());
      } catch (err) {
        expect(err).toBeInstanceOf(NixEmitError);
        continue;
      }
      expect(printed).not.toContain(code);
      pairs.push([how === "fromValue" ? ["safe"] : "safe", read(printed, how)]);
    }
    if (pairs.length > 0) agree(pairs);
  });
});
