/**
 * Test helpers that let Nix itself judge the output: `nix-instantiate --parse` and `--eval`, batched
 * so that thousands of expressions cost a handful of processes.
 *
 * When `nix-instantiate` is missing, Nix-backed tests are skipped with a visible message, unless
 * `REQUIRE_NIX=1` (set by `.ci/run`) or `CI` is set: then they fail, so CI never skips them silently.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "vitest";

let cachedHasNix: boolean | undefined;

/** Whether `nix-instantiate` is on the PATH. */
export function hasNix(): boolean {
  if (cachedHasNix === undefined) {
    const r = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" });
    cachedHasNix = r.status === 0;
  }
  return cachedHasNix;
}

/** Whether Nix checks must run (CI): a missing Nix is then a failure, not a skip. */
export function nixRequired(): boolean {
  return process.env["REQUIRE_NIX"] === "1" || (process.env["CI"] ?? "") !== "";
}

/**
 * `describe` for tests that need `nix-instantiate`. Without Nix it skips them and says so on stderr;
 * with `REQUIRE_NIX=1` or `CI` set it fails instead.
 */
export function describeWithNix(name: string, body: () => void): void {
  if (hasNix()) {
    describe(name, body);
    return;
  }
  if (nixRequired()) {
    describe(name, () => {
      throw new Error(
        "nix-instantiate is not installed but REQUIRE_NIX/CI is set: install nix-bin (apt-get install -y nix-bin)",
      );
    });
    return;
  }
  process.stderr.write(
    `SKIPPED ${name}: nix-instantiate not found (install Nix: apt-get install -y nix-bin, or https://nixos.org/download)\n`,
  );
  skippedBlock(name, "nix-instantiate not found");
}

/**
 * A skipped block that never runs `body`: vitest runs the callback of `describe.skip` to collect its
 * tests, so a block whose body evaluates anything at describe level would run it (and fail) even when
 * skipped. One skipped test stands for the whole block in the report.
 */
export function skippedBlock(name: string, reason: string): void {
  describe.skip(`${name} [skipped: ${reason}]`, () => {
    it(reason, () => {});
  });
}

export type NixResult = { ok: true; output: string } | { ok: false; error: string };

const nixEnv = {
  ...process.env,
  // Keep Nix from touching the user's store or network.
  NIX_REMOTE: "",
  NIX_CONFIG: "experimental-features =\nsubstituters =",
};

function runNix(
  args: string[],
  input?: string,
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync("nix-instantiate", args, {
    encoding: "utf8",
    input,
    env: nixEnv,
    maxBuffer: 1 << 30,
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/**
 * `nix-instantiate --parse` for many sources at once. Each source is one Nix file's text; the result
 * for each is Nix's canonical rendering of the parsed expression, or Nix's error.
 * Sources with free variables must be wrapped by the caller (`with { }; (...)`).
 */
export function nixParseMany(sources: readonly string[]): NixResult[] {
  if (sources.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-parse-"));
  try {
    const files = sources.map((src, i) => {
      const file = join(dir, `e${i}.nix`);
      writeFileSync(file, src);
      return file;
    });
    return parseFiles(files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseFiles(files: string[]): NixResult[] {
  const r = runNix(["--parse", ...files]);
  if (r.status === 0) {
    const lines = r.stdout.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    if (lines.length === files.length) return lines.map((output) => ({ ok: true, output }));
  }
  if (files.length === 1) return [{ ok: false, error: r.stderr.trim() || r.stdout.trim() }];
  // Some file failed (or the output was ambiguous): split the batch to find out which.
  const mid = files.length >> 1;
  return [...parseFiles(files.slice(0, mid)), ...parseFiles(files.slice(mid))];
}

/** `nix-instantiate --parse` of one source; throws with Nix's message when it does not parse. */
export function nixParse(source: string): string {
  const [r] = nixParseMany([source]);
  if (!r || !r.ok)
    throw new Error(`nix-instantiate --parse failed: ${r?.error}\n--- source ---\n${source}`);
  return r.output;
}

/** `nix-instantiate --eval --strict` of an expression given as text; returns Nix's printed value. */
export function nixEval(expr: string, extraArgs: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-eval-"));
  try {
    const file = join(dir, "expr.nix");
    writeFileSync(file, expr);
    const r = runNix(["--eval", "--strict", ...extraArgs, file]);
    if (r.status !== 0) throw new Error(`nix-instantiate --eval failed: ${r.stderr.trim()}`);
    return r.stdout.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nix-instantiate --eval --strict --json` and parse the JSON. */
export function nixEvalJson(expr: string, extraArgs: readonly string[] = []): unknown {
  return JSON.parse(nixEval(expr, ["--json", ...extraArgs]));
}

/** Wraps a fragment with free variables so `nix-instantiate --parse` accepts it. */
export function withFreeVariables(source: string): string {
  return `with { }; (\n${source}\n)`;
}

/** The Nix version string, for test reports. */
export function nixVersion(): string {
  return execFileSync("nix-instantiate", ["--version"], { encoding: "utf8" }).trim();
}
