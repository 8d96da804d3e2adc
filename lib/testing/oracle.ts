/**
 * Nix as the judge of property tests: `nix-instantiate --parse` results for many printed expressions,
 * fetched in a few batched processes before the property runs and cached by source text, so that
 * fast-check can re-check (and shrink) a case without starting Nix for every example.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { hasNix, nixParseMany, nixRequired, withFreeVariables, type NixResult } from "./nix.js";

/** The repository's root folder. */
const repoRoot = resolve(import.meta.dirname, "../..");

/** The outside programs and corpora some tests compare against. */
export type OracleName = "nixpkgs lib" | "nixfmt" | "nixfmt's test suite";

/** How to get each oracle: printed in the one line a skipped block writes. */
export const howToGet: Record<OracleName, string> = {
  "nixpkgs lib":
    "set NIXPKGS_LIB to a nixpkgs checkout's lib/ folder (git clone https://github.com/NixOS/nixpkgs), or add nixpkgs to NIX_PATH",
  nixfmt:
    "set NIXFMT to the official formatter 1.4.0 (nix profile install nixpkgs#nixfmt-rfc-style), or put nixfmt on PATH",
  "nixfmt's test suite":
    "set NIXFMT_SUITE to a checkout of https://github.com/NixOS/nixfmt (tag v1.4.0), the folder holding test/",
};

/** `variable` from the environment (relative to the repository), else `besideRepo` when it exists. */
function fromEnvOrBeside(variable: string, besideRepo: string): string | undefined {
  const set = process.env[variable];
  const path =
    set !== undefined && set !== "" ? resolve(repoRoot, set) : resolve(repoRoot, besideRepo);
  return existsSync(path) ? path : undefined;
}

const found = new Map<OracleName, string | undefined>();

function lookUp(name: OracleName): string | undefined {
  switch (name) {
    case "nixpkgs lib": {
      const lib = fromEnvOrBeside("NIXPKGS_LIB", "../shared/vendor/nixpkgs-lib/lib");
      if (lib !== undefined) return existsSync(join(lib, "default.nix")) ? lib : undefined;
      if (!hasNix()) return undefined;
      // The user's own nixpkgs (a channel or NIX_PATH entry).
      const r = spawnSync("nix-instantiate", ["--find-file", "nixpkgs"], { encoding: "utf8" });
      const nixpkgs = r.status === 0 ? r.stdout.trim() : "";
      return nixpkgs !== "" && existsSync(join(nixpkgs, "lib/default.nix"))
        ? join(nixpkgs, "lib")
        : undefined;
    }
    case "nixfmt": {
      const runs = (program: string) =>
        spawnSync(program, ["--version"], { encoding: "utf8" }).status === 0;
      const path = fromEnvOrBeside("NIXFMT", "../shared/tools/bin/nixfmt");
      if (path !== undefined) return runs(path) ? path : undefined;
      return runs("nixfmt") ? "nixfmt" : undefined;
    }
    case "nixfmt's test suite": {
      const root = fromEnvOrBeside("NIXFMT_SUITE", "../shared/vendor/nixfmt-suite");
      return root !== undefined && existsSync(join(root, "test")) ? root : undefined;
    }
    default: {
      const never: never = name;
      throw new Error(`unknown oracle ${String(never)}`);
    }
  }
}

/**
 * Where an oracle is on this machine: its environment variable, else its place beside the repository
 * (`../shared/...`), else the user's own (`nixfmt` on PATH, `nix-instantiate --find-file nixpkgs`).
 */
export function findOracle(name: OracleName): string | undefined {
  if (!found.has(name)) found.set(name, lookUp(name));
  return found.get(name);
}

/**
 * The oracles a test block needs, or `undefined` when one is missing: then it writes ONE line naming
 * what is missing and how to get it (and the block must register no test that runs anything), or,
 * with `REQUIRE_NIX`/`CI` set, throws so the suite fails instead.
 */
export function needOracles<N extends OracleName>(
  block: string,
  names: readonly N[],
): Record<N, string> | undefined {
  const missing = names.filter((n) => findOracle(n) === undefined);
  if (missing.length === 0)
    return Object.fromEntries(names.map((n) => [n, findOracle(n)!])) as Record<N, string>;
  const what = missing.map((n) => `${n} not found: ${howToGet[n]}`).join("; ");
  if (nixRequired()) throw new Error(`${block}: ${what} (REQUIRE_NIX/CI is set, so this fails)`);
  process.stderr.write(`SKIPPED ${block}: ${what}\n`);
  return undefined;
}

/** Relative paths parse to absolute ones inside each batch's temp dir: make them comparable. */
const batchDir = new RegExp(
  `${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/nix-emit-parse-[A-Za-z0-9]+`,
  "g",
);

function normalise(result: NixResult): NixResult {
  return result.ok ? { ok: true, output: result.output.replace(batchDir, "<dir>") } : result;
}

/** Cached `nix-instantiate --parse` of expressions with free variables. */
export class NixParseOracle {
  private readonly cache = new Map<string, NixResult>();

  /**
   * Parses every not-yet-cached source, `chunk` files per `nix-instantiate` process. Keep texts that
   * are compared with each other in one process: Nix prints formals in the order their names were
   * first interned in that process, so two processes may order `{ a, b }` differently.
   */
  prefetch(sources: Iterable<string>, chunk = 100_000): void {
    const todo = [...new Set(sources)].filter((s) => !this.cache.has(s));
    for (let i = 0; i < todo.length; i += chunk) {
      const batch = todo.slice(i, i + chunk);
      const results = nixParseMany(batch.map(withFreeVariables));
      batch.forEach((src, j) => this.cache.set(src, normalise(results[j]!)));
    }
  }

  /** Nix's rendering of `source` (wrapped as `with { }; (...)`), or its parse error. */
  parse(source: string): NixResult {
    if (!this.cache.has(source)) this.prefetch([source]);
    return this.cache.get(source)!;
  }

  get size(): number {
    return this.cache.size;
  }
}
