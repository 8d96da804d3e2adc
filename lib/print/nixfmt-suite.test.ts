/**
 * Conformance with the official formatter on real code, measured on two corpora kept beside the repo
 * (never committed):
 *
 * - nixfmt's own test suite (`NIXFMT_SUITE`, default `../shared/vendor/nixfmt-suite`): each
 *   `test/diff/NAME/in.nix` must format to `out.nix` (default mode) and `out-pure.nix` (`--strict`),
 *   both at width 80;
 * - nixpkgs lib (`NIXPKGS_LIB`, default `../shared/vendor/nixpkgs-lib/lib`): each file must format
 *   (width 100, default mode) to what nixfmt (`NIXFMT`, default `../shared/tools/bin/nixfmt`) gives,
 *   which is the file itself for the files nixfmt leaves unchanged.
 *
 * We do not pass every case yet, so `nixfmt-suite.passing.json` lists the cases known to pass: a
 * case on that list that stops passing fails the test (a regression); the counts are printed. The
 * same file lists the known failures of two properties that hold everywhere else: formatting keeps
 * every comment of the input text (the multiset of comment lines, up to nixfmt's block-to-line
 * rewriting), and formatting its own output changes nothing. Run with `UPDATE_NIXFMT_SUITE=1` to
 * rewrite the lists from the current results (then review the diff: lists should only improve).
 *
 * When a corpus folder is absent the tests skip visibly, unless `CI` or `REQUIRE_NIX=1` is set: then
 * they fail.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { formatText } from "../cli/fmt.js";
import { nixFilesUnder } from "../testing/files.js";
import { nixRequired } from "../testing/nix.js";
import { findOracle, howToGet, needOracles } from "../testing/oracle.js";
import { commentDiff, commentLines } from "../testing/sourceComments.js";

const repo = resolve(import.meta.dirname, "../..");
const corpora = needOracles("nixfmt's test suite and nixpkgs lib", [
  "nixfmt's test suite",
  "nixpkgs lib",
]);
const suiteRoot = corpora?.["nixfmt's test suite"] ?? "";
const suiteDir = existsSync(join(suiteRoot, "test/diff"))
  ? join(suiteRoot, "test/diff")
  : suiteRoot;
const libDir = corpora?.["nixpkgs lib"] ?? "";
const nixfmt = findOracle("nixfmt");
const listFile = join(import.meta.dirname, "nixfmt-suite.passing.json");
const update = process.env["UPDATE_NIXFMT_SUITE"] === "1";

interface Lists {
  /** Suite cases whose default-mode output is nixfmt's `out.nix`. */
  default: string[];
  /** Suite cases whose strict output is nixfmt's `out-pure.nix`. */
  strict: string[];
  /** nixpkgs lib files (relative paths) formatted to nixfmt's bytes. */
  lib: string[];
  /** Inputs (`suite/NAME`, `lib/PATH`) that parse but lose or alter comments when formatted. */
  commentFailures: string[];
  /** Inputs whose formatted output does not format to itself. */
  idempotenceFailures: string[];
}

const lists: Lists = JSON.parse(readFileSync(listFile, "utf8")) as Lists;

function format(text: string, width: number, strict: boolean): string | Error {
  try {
    const r = formatText(text, { width, strict });
    return E.isRight(r) ? r.right : new Error(r.left.formatted);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function listNix(dir: string): string[] {
  return nixFilesUnder(dir).map((p) => relative(dir, p));
}

/** nixfmt's output for each lib file: `--check` finds the few it changes, which are then formatted. */
function nixfmtLib(files: string[]): Map<string, string> {
  const expected = new Map<string, string>();
  for (const f of files) expected.set(f, readFileSync(join(libDir, f), "utf8"));
  if (nixfmt === undefined) {
    if (nixRequired()) throw new Error(`nixfmt not found: ${howToGet.nixfmt}`);
    process.stderr.write(
      `nixfmt not found: lib files are compared with themselves (${howToGet.nixfmt})\n`,
    );
    return expected;
  }
  const check = spawnSync(nixfmt, ["--check", "--width=100", ...files], {
    cwd: libDir,
    encoding: "utf8",
  });
  for (const line of `${check.stdout}\n${check.stderr}`.split("\n")) {
    const m = /^(?:\.\/)?(.*\.nix): not formatted$/.exec(line.trim());
    if (!m || !expected.has(m[1]!)) continue;
    const out = execFileSync(nixfmt, ["--width=100", "-"], {
      input: expected.get(m[1]!)!,
      encoding: "utf8",
    });
    expected.set(m[1]!, out);
  }
  return expected;
}

interface Results {
  default: Set<string>;
  strict: Set<string>;
  lib: Set<string>;
  commentFailures: Map<string, string>;
  idempotenceFailures: Set<string>;
  parseFailures: Set<string>;
  suiteTotal: number;
  libTotal: number;
}

let cached: Results | undefined;

function run(): Results {
  if (cached) return cached;
  const res: Results = {
    default: new Set(),
    strict: new Set(),
    lib: new Set(),
    commentFailures: new Map(),
    idempotenceFailures: new Set(),
    parseFailures: new Set(),
    suiteTotal: 0,
    libTotal: 0,
  };
  const checkProperties = (key: string, input: string, out: string, width: number) => {
    const { lost, added } = commentDiff(commentLines(input), commentLines(out));
    if (lost.length || added.length)
      res.commentFailures.set(key, `lost ${JSON.stringify(lost)} added ${JSON.stringify(added)}`);
    if (format(out, width, false) !== out) res.idempotenceFailures.add(key);
  };
  const cases = readdirSync(suiteDir)
    .filter((d) => existsSync(join(suiteDir, d, "in.nix")))
    .sort();
  res.suiteTotal = cases.length;
  for (const name of cases) {
    const input = readFileSync(join(suiteDir, name, "in.nix"), "utf8");
    const out = format(input, 80, false);
    if (out instanceof Error) res.parseFailures.add(`suite/${name}`);
    else {
      if (out === readFileSync(join(suiteDir, name, "out.nix"), "utf8")) res.default.add(name);
      checkProperties(`suite/${name}`, input, out, 80);
    }
    const pure = format(input, 80, true);
    if (
      !(pure instanceof Error) &&
      pure === readFileSync(join(suiteDir, name, "out-pure.nix"), "utf8")
    )
      res.strict.add(name);
  }
  const files = listNix(libDir);
  res.libTotal = files.length;
  const expected = nixfmtLib(files);
  for (const f of files) {
    const input = readFileSync(join(libDir, f), "utf8");
    const out = format(input, 100, false);
    if (out instanceof Error) {
      res.parseFailures.add(`lib/${f}`);
      continue;
    }
    if (out === expected.get(f)) res.lib.add(f);
    checkProperties(`lib/${f}`, input, out, 100);
  }
  cached = res;
  const counts =
    `nixfmt conformance: suite ${res.default.size}/${res.suiteTotal} default, ` +
    `${res.strict.size}/${res.suiteTotal} strict; nixpkgs lib ${res.lib.size}/${res.libTotal}; ` +
    `${res.commentFailures.size} inputs lose or alter comments, ` +
    `${res.idempotenceFailures.size} not idempotent, ${res.parseFailures.size} do not parse\n`;
  process.stderr.write(counts);
  if (update) {
    const sorted = (s: Iterable<string>) => [...s].sort();
    const next: Lists = {
      default: sorted(res.default),
      strict: sorted(res.strict),
      lib: sorted(res.lib),
      commentFailures: sorted(res.commentFailures.keys()),
      idempotenceFailures: sorted(res.idempotenceFailures),
    };
    writeFileSync(listFile, JSON.stringify(next, null, 2) + "\n");
  }
  return res;
}

const describeCorpus = corpora ? describe : describe.skip;

describeCorpus("nixfmt's test suite and nixpkgs lib", () => {
  const T = 600_000;
  it("finds both corpora", () => {
    expect(existsSync(suiteDir), suiteDir).toBe(true);
    expect(existsSync(libDir), libDir).toBe(true);
  });
  it("keeps passing the suite cases known to pass (default mode, width 80)", { timeout: T }, () => {
    const r = run();
    expect(lists.default.filter((n) => !r.default.has(n))).toEqual([]);
  });
  it("keeps passing the suite cases known to pass (strict, width 80)", { timeout: T }, () => {
    const r = run();
    expect(lists.strict.filter((n) => !r.strict.has(n))).toEqual([]);
  });
  it(
    "keeps giving nixfmt's bytes on the lib files known to pass (width 100)",
    { timeout: T },
    () => {
      const r = run();
      expect(lists.lib.filter((n) => !r.lib.has(n))).toEqual([]);
    },
  );
  it("never loses a comment, except on the known failures", { timeout: T }, () => {
    const r = run();
    const known = new Set(lists.commentFailures);
    const fresh = [...r.commentFailures]
      .filter(([k]) => !known.has(k))
      .map(([k, v]) => `${k}: ${v}`);
    expect(fresh).toEqual([]);
  });
  it("formats its own output to itself, except on the known failures", { timeout: T }, () => {
    const r = run();
    const known = new Set(lists.idempotenceFailures);
    expect([...r.idempotenceFailures].filter((k) => !known.has(k))).toEqual([]);
  });
});
