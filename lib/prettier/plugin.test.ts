import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatText } from "../cli/fmt.js";
import fc from "fast-check";
import { print } from "../print/print.js";
import { FUZZ_SEED, sourceFile } from "../testing/arbitrary.js";
import { nixFilesUnder } from "../testing/files.js";
import { nixRequired } from "../testing/nix.js";
import { nixpkgsLib } from "../testing/nixos.js";
import plugin from "./index.js";

const root = join(import.meta.dirname, "../..");
const fixtures = join(root, "fixtures/nixfmt");
const suiteDir = resolve(
  root,
  process.env["NIXFMT_SUITE"] ?? "../shared/vendor/nixfmt-suite",
  "test/diff",
);
const nixfmt = resolve(root, process.env["NIXFMT"] ?? "../shared/tools/bin/nixfmt");

/** The files (name, text) where prettier with the plugin and `nix-emit fmt` give different bytes. */
async function differFromFmt(
  files: readonly { name: string; text: string }[],
  width: number,
): Promise<string[]> {
  const bad: string[] = [];
  for (const f of files) {
    const fmt = formatText(f.text, { width });
    let ours: string;
    try {
      ours = await prettier.format(f.text, { parser: "nix", plugins: [plugin], printWidth: width });
    } catch (err) {
      ours = `error: ${(err as Error).message}`;
    }
    if (ours !== (E.isRight(fmt) ? fmt.right : `error: ${fmt.left.formatted}`)) bad.push(f.name);
  }
  return bad;
}

const read = (paths: readonly string[]) =>
  paths.map((p) => ({ name: p, text: readFileSync(p, "utf8") }));

const haveSuite = existsSync(suiteDir);
const lib = nixpkgsLib();
const haveNixfmt = existsSync(nixfmt);
if (!haveSuite || !lib || !haveNixfmt)
  process.stderr.write(
    `prettier plugin corpora: ${[!haveSuite && "nixfmt suite (NIXFMT_SUITE)", !lib && "nixpkgs lib (NIXPKGS_LIB)", !haveNixfmt && "nixfmt (NIXFMT)"].filter(Boolean).join(", ")} missing: those tests are skipped\n`,
  );

describe("prettier plugin gives nixfmt's bytes", () => {
  it("on every fixture (widths 100 and 40)", async () => {
    const files = read(
      nixFilesUnder(join(root, "fixtures")).filter((f) => !f.includes("/invalid")),
    );
    expect(files.length).toBeGreaterThan(20);
    expect(await differFromFmt(files, 100)).toEqual([]);
    expect(await differFromFmt(files, 40)).toEqual([]);
  });

  it.skipIf(!haveSuite && !nixRequired())(
    "on nixfmt's suite: fmt's bytes, and out.nix",
    async () => {
      const cases = readdirSync(suiteDir).filter((d) => existsSync(join(suiteDir, d, "in.nix")));
      const files = cases.flatMap((d) =>
        read(["in.nix", "out.nix"].map((f) => join(suiteDir, d, f))),
      );
      expect(await differFromFmt(files, 80)).toEqual([]);
      // Where nix-emit fmt gives the suite's expected output, so does the plugin (disabled regions
      // included: the `directive_*` cases keep them verbatim).
      const passing = (
        JSON.parse(readFileSync(join(root, "lib/print/nixfmt-suite.passing.json"), "utf8")) as {
          default: string[];
        }
      ).default;
      expect(passing.filter((d) => d.startsWith("directive")).length).toBeGreaterThan(3);
      for (const d of passing) {
        const out = await prettier.format(readFileSync(join(suiteDir, d, "in.nix"), "utf8"), {
          parser: "nix",
          plugins: [plugin],
          printWidth: 80,
        });
        expect(out, d).toBe(readFileSync(join(suiteDir, d, "out.nix"), "utf8"));
      }
    },
  );

  it.skipIf((!lib || !haveNixfmt) && !nixRequired())(
    "on every file of nixpkgs lib, compared with the real nixfmt (width 100)",
    async () => {
      expect(lib, "nixpkgs lib").toBeDefined();
      expect(existsSync(nixfmt), `nixfmt at ${nixfmt}`).toBe(true);
      const files = read(nixFilesUnder(lib!));
      expect(await differFromFmt(files, 100)).toEqual([]);
      const bad: string[] = [];
      for (const f of files) {
        const r = spawnSync(nixfmt, ["--width=100", "-"], { input: f.text, encoding: "utf8" });
        const ours = await prettier.format(f.text, { parser: "nix", plugins: [plugin] });
        if (r.status === 0 && r.stdout !== ours) bad.push(f.name);
      }
      expect(bad).toEqual([]);
    },
  );

  it("on 1,000 generated texts with comments (widths 80 and 30)", async () => {
    const texts = fc
      .sample(sourceFile({ depth: 4 }), { seed: FUZZ_SEED + 33, numRuns: 1000 })
      .map((f, i) => ({ name: `generated ${i}`, text: print(f, { width: 20 + (i % 4) * 20 }) }));
    expect(texts.filter((t) => t.text.includes("#")).length).toBeGreaterThan(250);
    expect(
      await differFromFmt(
        texts.filter((_, i) => i % 2 === 0),
        80,
      ),
    ).toEqual([]);
    expect(
      await differFromFmt(
        texts.filter((_, i) => i % 2 === 1),
        30,
      ),
    ).toEqual([]);
  });

  it("formats 3,000 nested lists, as fmt does (deeper than the stack of one thread)", async () => {
    const src = `${"[ ".repeat(3000)}1${" ]".repeat(3000)}\n`;
    const fmt = formatText(src);
    expect(E.isRight(fmt)).toBe(true);
    expect(await prettier.format(src, { parser: "nix", plugins: [plugin] })).toBe(
      E.isRight(fmt) ? fmt.right : "",
    );
  });

  it("keeps a /*nixfmt:disable*/ … /*nixfmt:enable*/ region verbatim", async () => {
    const region = "/*nixfmt:disable*/\n  foo    =    [1   2];\n/*nixfmt:enable*/";
    const src = `{\n${region}\n  bar   =   3;\n}\n`;
    const out = await prettier.format(src, { parser: "nix", plugins: [plugin] });
    expect(out).toContain(region);
    expect(out).toContain("  bar = 3;");
  });
});

describe("prettier plugin", () => {
  it("gives the same bytes as nix-emit fmt", async () => {
    for (const name of ["apply", "comments", "module_header", "strings_indented", "lambdas"]) {
      const src = readFileSync(join(fixtures, `${name}.in.nix`), "utf8");
      const viaPrettier = await prettier.format(src, { parser: "nix", plugins: [plugin] });
      const viaFmt = formatText(src);
      expect(E.isRight(viaFmt)).toBe(true);
      expect(viaPrettier).toBe(E.isRight(viaFmt) ? viaFmt.right : "");
    }
  });
  it("maps printWidth and tabWidth", async () => {
    const out = await prettier.format("{ a = { b = 1; }; }", {
      parser: "nix",
      plugins: [plugin],
      printWidth: 20,
      tabWidth: 4,
    });
    expect(out).toBe("{\n    a = {\n        b = 1;\n    };\n}\n");
  });
  it("reports syntax errors with their position", async () => {
    await expect(prettier.format("{ a = ", { parser: "nix", plugins: [plugin] })).rejects.toThrow(
      /1:6: syntax error/,
    );
  });
  it.skipIf(!existsSync(join(root, "dist/prettier/index.js")))(
    "works as `prettier --plugin nix-emit/prettier --write` (needs npm run build)",
    () => {
      // Inside the package, so that `nix-emit/prettier` resolves to this package (self-reference).
      const dir = mkdtempSync(join(root, ".tmp-prettier-test-"));
      const src = readFileSync(join(fixtures, "apply.in.nix"), "utf8");
      writeFileSync(join(dir, "x.nix"), src);
      execFileSync(
        join(root, "node_modules/.bin/prettier"),
        ["--plugin", "nix-emit/prettier", "--write", "x.nix"],
        { cwd: dir, stdio: "pipe" },
      );
      try {
        expect(readFileSync(join(dir, "x.nix"), "utf8")).toBe(
          E.getOrElse(() => "")(formatText(src)),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
