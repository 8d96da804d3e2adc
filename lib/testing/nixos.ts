/**
 * NixOS-style evaluation for tests: generated modules evaluated with the real `lib.evalModules` from
 * a nixpkgs `lib/` folder, with exactly the module arguments NixOS passes and a `pkgs` whose builders
 * use their input (`nixos.nix` beside this file). A test that fakes `pkgs` with stubs that ignore
 * their input can hide a module that does not evaluate; these helpers force every value instead.
 *
 * The nixpkgs lib is `NIXPKGS_LIB`, by default the vendored copy beside the repository
 * (`../shared/vendor/nixpkgs-lib/lib`). Without it the tests are skipped with a visible message,
 * unless `REQUIRE_NIX=1` or `CI` is set: then they fail.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import { describeWithNix, nixRequired, skippedBlock } from "./nix.js";
import { findOracle, howToGet, needOracles } from "./oracle.js";

const here = fileURLToPath(new URL(".", import.meta.url));
/** The repository's root folder. */
export const repoRoot = resolve(here, "../..");

/**
 * The nixpkgs `lib/` folder: `NIXPKGS_LIB`, else `../shared/vendor/nixpkgs-lib/lib`, else the user's
 * own nixpkgs (`nix-instantiate --find-file nixpkgs`).
 */
export function nixpkgsLib(): string | undefined {
  return findOracle("nixpkgs lib");
}

/**
 * `describe` for tests that need Nix and a nixpkgs lib. Without the lib: one visible line and a
 * skipped block whose body never runs, or a failure when `REQUIRE_NIX`/`CI` is set (CI has the
 * vendored lib beside the repository).
 */
export function describeWithNixpkgsLib(name: string, body: (lib: string) => void): void {
  if (nixRequired() && nixpkgsLib() === undefined) {
    describe(name, () => {
      throw new Error(`no nixpkgs lib: ${howToGet["nixpkgs lib"]}`);
    });
    return;
  }
  const found = needOracles(name, ["nixpkgs lib"]);
  if (found) describeWithNix(name, () => body(found["nixpkgs lib"]));
  else skippedBlock(name, "nixpkgs lib not found");
}

/** What to evaluate: module files or expressions, and what to return from the evaluation. */
export interface NixosEval {
  /** nixpkgs lib folder (from `describeWithNixpkgsLib`). */
  readonly lib: string;
  /** Modules as Nix expressions: paths (`/tmp/x/default.nix`) or attribute sets. */
  readonly modules: readonly string[];
  /** `networking.hostName` of the evaluated host (default `nixos`). */
  readonly hostName?: string;
  /**
   * A Nix expression over `r`: `r.config`, `r.options`, `r.units.<service>` (the unit's
   * `[Service]` text as systemd reads it) and `r.failedAssertions`. Returned as JSON.
   */
  readonly select: string;
}

/** The outcome of an evaluation: the selected value, or Nix's error text. */
export type NixosResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Evaluates modules NixOS-style (see `nixos.nix`): every value of the system is forced before
 * `select` is returned, and files written with `pkgs.writeText` / `formats.*.generate` exist, so
 * `builtins.readFile` reads them back.
 */
export function evalNixos(e: NixosEval): NixosResult {
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-nixos-"));
  try {
    const file = join(dir, "eval.nix");
    writeFileSync(
      file,
      `let
  r = import ${join(here, "nixos.nix")} {
    lib = import ${e.lib};
    hostName = ${JSON.stringify(e.hostName ?? "nixos")};
    modules = [
${e.modules.map((m) => `      (${m})`).join("\n")}
    ];
  };
in
builtins.seq r.forced (${e.select})
`,
    );
    const p = spawnSync(
      "nix-instantiate",
      ["--read-write-mode", "--eval", "--strict", "--json", file],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          NIX_REMOTE: "",
          NIX_CONFIG: "experimental-features =\nsubstituters =",
        },
        maxBuffer: 1 << 28,
      },
    );
    if (p.status !== 0) return { ok: false, error: (p.stderr ?? "").trim() };
    return { ok: true, value: JSON.parse(p.stdout) as unknown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `evalNixos`, throwing Nix's error when the evaluation fails. */
export function evalNixosOrThrow(e: NixosEval): unknown {
  const r = evalNixos(e);
  if (!r.ok) throw new Error(`NixOS-style evaluation failed:\n${r.error}`);
  return r.value;
}
