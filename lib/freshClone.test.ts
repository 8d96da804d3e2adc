/**
 * A user's fresh clone: the repository's files (as `git ls-files` lists them, with their working-tree
 * content) copied into an empty temporary folder with no `../shared` beside it, no `NIXPKGS_LIB`,
 * `NIXFMT`, `NIXFMT_SUITE`, `CI` or `REQUIRE_NIX`, and a PATH without Nix or nixfmt. The test files
 * that need those oracles must pass there, each skipped block writing one `SKIPPED` line that says
 * what is missing and how to get it, and none of them may run Nix (it is not on the PATH).
 *
 * Only the oracle-backed test files run (`subset`), against this checkout's node_modules (a link),
 * to keep it quick; the hand check for the whole suite is in README.md ("Running the tests").
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import { delimiter, join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { copyCheckout, isGitCheckout } from "./testing/checkout.js";
import { tempDirs } from "./testing/tempDirs.js";

const tempDir = tempDirs("nix-emit-fresh-");
/**
 * The test files that need an oracle (nixpkgs lib, nixfmt, nixfmt's suite, nix-instantiate): every
 * test that uses the oracle helpers, found by reading them, so a new one is covered by itself. Left
 * out, each for its cost: this file, the real-process file tests (kills, 20 concurrent runs) and the
 * real-program tests (they evaluate with the nixpkgs lib first, so a clone skips them at once).
 */
const heavy = new Set([
  "lib/freshClone.test.ts",
  "lib/cli/files.test.ts",
  "lib/k8s/programs.test.ts",
]);
const usesOracle = /testing\/(oracle|nixos|nix|programs)\.js"/;
const subset = readdirSync(join(import.meta.dirname), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `lib/${f.split(sep).join("/")}`)
  .filter(
    (f) =>
      !heavy.has(f) && usesOracle.test(readFileSync(join(import.meta.dirname, "..", f), "utf8")),
  )
  .sort();

if (!isGitCheckout)
  process.stderr.write("SKIPPED fresh clone check: not a git checkout (git ls-files failed)\n");

/** A folder of links to every program on PATH except Nix's and nixfmt. */
function pathWithoutOracles(dir: string): string {
  mkdirSync(dir);
  const seen = new Set<string>();
  for (const entry of (process.env["PATH"] ?? "").split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(entry);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name) || name.startsWith("nix")) continue;
      seen.add(name);
      symlinkSync(join(entry, name), join(dir, name));
    }
  }
  if (!seen.has("node")) symlinkSync(process.execPath, join(dir, "node"));
  return dir;
}

describe.skipIf(!isGitCheckout)("a fresh clone with nothing beside it", () => {
  it("passes the oracle-backed tests, skipping them with one visible line each", () => {
    const tmp = tempDir();
    const clone = copyCheckout(join(tmp, "clone"));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (
        v !== undefined &&
        !/^(NIXPKGS_LIB|NIXFMT|NIXFMT_SUITE|NIX_PATH|CI|REQUIRE_NIX|VITEST.*|TEST|NODE_OPTIONS)$/.test(
          k,
        )
      )
        env[k] = v;
    env["PATH"] = pathWithoutOracles(join(tmp, "bin"));
    const r = spawnSync(
      process.execPath,
      [join(clone, "node_modules/vitest/vitest.mjs"), "run", ...subset],
      { cwd: clone, env, encoding: "utf8", maxBuffer: 1 << 26 },
    );
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    const skipped = out.split("\n").filter((l) => l.startsWith("SKIPPED "));
    // Each block that needs an oracle says what is missing and how to get it, once.
    for (const needle of [
      "SKIPPED the Kubernetes tree evaluated as NixOS evaluates it: nixpkgs lib not found: set NIXPKGS_LIB",
      "SKIPPED nixfmt's test suite and nixpkgs lib: nixfmt's test suite not found: set NIXFMT_SUITE",
      "SKIPPED nixfmt differential tests: nixfmt not found: set NIXFMT",
      "SKIPPED the generated tree parses with Nix: nix-instantiate not found (install Nix",
    ])
      expect(
        skipped.filter((l) => l.startsWith(needle)),
        `${needle}\n${out}`,
      ).toHaveLength(1);
    expect(new Set(skipped).size, skipped.join("\n")).toBe(skipped.length);
  });
});
