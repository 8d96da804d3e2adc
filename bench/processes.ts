/**
 * Whole-process benchmarks against the official formatter, in the same run:
 * - formatting nixpkgs lib (`NIXPKGS_LIB`, default `../shared/vendor/nixpkgs-lib/lib`) with
 *   `nix-emit fmt --check` vs `nixfmt --check` (`NIXFMT`, default `../shared/tools/bin/nixfmt`),
 *   and the same on many small files (the corpus of section 2), the two run in turns;
 * - formatting each large shallow input (a 60,000-item list, a 100,000-binding set, a 20 MB
 *   attribute set, the last once per formatter with its peak memory);
 * - cold start: `nix-emit --version` vs a bare `node -e 0`.
 * The CLI is the built one (package.json's bin, `npm run build`). Numbers only, never asserted;
 * a missing reference is reported as unavailable.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { benchCorpus } from "./corpus.js";
import { formatMs, median } from "./timing.js";

/** Wall time of one process run, in ms. */
function run(cmd: string, args: readonly string[], input?: string): number {
  const start = performance.now();
  spawnSync(cmd, args, {
    input,
    stdio: [input === undefined ? "ignore" : "pipe", "ignore", "ignore"],
  });
  return performance.now() - start;
}

function timed(cmd: string, args: readonly string[], runs: number): number {
  run(cmd, args);
  return median(Array.from({ length: runs }, () => run(cmd, args)));
}

/**
 * Medians of two commands run in turns (after one warm-up run each): a busy moment of the machine
 * hits both, not one.
 */
function timedPair(
  a: readonly [string, readonly string[]],
  b: readonly [string, readonly string[]],
  runs: number,
): [number, number] {
  run(...a);
  run(...b);
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(run(...a));
    bs.push(run(...b));
  }
  return [median(as), median(bs)];
}

/** `nix-emit fmt --check` against `nixfmt --check` on the same files, one line. */
function compareOnFiles(
  label: string,
  cli: string,
  nixfmt: string | undefined,
  files: string[],
  runs = 5,
) {
  if (nixfmt === undefined) {
    const ours = timed("node", [cli, "fmt", "--check", ...files], runs);
    console.log(
      `  ${label}: nix-emit fmt --check ${formatMs(ours)}; nixfmt unavailable (set NIXFMT): ratio unavailable`,
    );
    return;
  }
  const [ours, theirs] = timedPair(
    ["node", [cli, "fmt", "--check", ...files]],
    [nixfmt, ["--check", ...files]],
    runs,
  );
  console.log(
    `  ${label}: nix-emit fmt --check ${formatMs(ours)}, nixfmt --check ${formatMs(theirs)}: ratio ${(ours / theirs).toFixed(2)}x (aim: 0.5x or less)`,
  );
}

function nixFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...nixFiles(p));
    else if (name.endsWith(".nix")) out.push(p);
  }
  return out;
}

/** Wall time (ms) and peak RSS (MB, through GNU time when installed) of one process run. */
function measuredOnce(cmd: string, args: readonly string[]): { ms: number; rssMB?: number } {
  const gnuTime = "/usr/bin/time";
  if (!existsSync(gnuTime)) return { ms: run(cmd, args) };
  const start = performance.now();
  const r = spawnSync(gnuTime, ["-f", "%M", cmd, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  const kb = Number(r.stderr.trim().split("\n").pop());
  return Number.isFinite(kb) ? { ms, rssMB: kb / 1024 } : { ms };
}

/**
 * A 20 MB attribute set (issue 12's largest input; it exhausted Node's heap before): one run of
 * each formatter, with its peak memory.
 */
function largeFile(dir: string, cli: string, nixfmt: string | undefined): void {
  const lines: string[] = [];
  let size = 0;
  for (let n = 0; size < 20_000_000; n++) {
    const line = `  attr${n} = { name = "value-${n}"; list = [ ${n} ${n + 1} "x${n}" ]; enable = ${n % 2 ? "true" : "false"}; };\n`;
    lines.push(line);
    size += line.length;
  }
  const file = join(dir, "large.nix");
  writeFileSync(file, `{\n${lines.join("")}}\n`);
  const show = (m: { ms: number; rssMB?: number }) =>
    `${formatMs(m.ms)}${m.rssMB === undefined ? "" : ` (peak RSS ${m.rssMB.toFixed(0)} MB)`}`;
  const ours = measuredOnce("node", [cli, "fmt", "--check", file]);
  const theirs = nixfmt === undefined ? undefined : measuredOnce(nixfmt, ["--check", file]);
  console.log(
    `  20 MB attribute set (one run each): nix-emit ${show(ours)}` +
      (theirs === undefined
        ? ", nixfmt unavailable"
        : `, nixfmt ${show(theirs)}: ratio ${(ours.ms / theirs.ms).toFixed(2)}x`),
  );
}

/** Runs the whole-process benchmarks from the repository root `root`. */
export function processBenchmarks(root: string): void {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  const cli = join(root, pkg.bin["nix-emit"]!);
  const nixfmt = process.env["NIXFMT"] || resolve(root, "../shared/tools/bin/nixfmt");
  const lib = process.env["NIXPKGS_LIB"] || resolve(root, "../shared/vendor/nixpkgs-lib/lib");
  const hasNixfmt = spawnSync(nixfmt, ["--version"]).status === 0;
  console.log(
    "\n4. Whole processes against the official formatter (medians of runs taken in turns)",
  );
  if (!existsSync(cli)) {
    console.log(`  [skipped] needs ${cli}: run npm run build`);
    return;
  }
  const reference = hasNixfmt ? nixfmt : undefined;
  if (existsSync(lib)) {
    const files = nixFiles(lib);
    compareOnFiles(`nixpkgs lib (${files.length} files)`, cli, reference, files);
  } else console.log("  [skipped] nixpkgs lib: set NIXPKGS_LIB");
  // Many small files: the corpus of section 2 (fixtures and generated modules).
  const small = mkdtempSync(join(tmpdir(), "nix-emit-bench-"));
  try {
    const files = benchCorpus(root).map((f, i) => {
      const path = join(small, `src${i}.nix`);
      writeFileSync(path, f.text);
      return path;
    });
    compareOnFiles(
      `many small files (${files.length}, the corpus of section 2)`,
      cli,
      reference,
      files,
    );
  } finally {
    rmSync(small, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-bench-"));
  try {
    const inputs: Array<[string, string]> = [
      ["60,000-item list", `[ ${Array.from({ length: 60000 }, (_, i) => i).join(" ")} ]\n`],
      [
        "100,000-binding set",
        `{ ${Array.from({ length: 100000 }, (_, i) => `a${i} = ${i};`).join(" ")} }\n`,
      ],
    ];
    for (const [name, text] of inputs) {
      const file = join(dir, "in.nix");
      writeFileSync(file, text);
      compareOnFiles(name, cli, reference, [file], 3);
    }
    largeFile(dir, cli, hasNixfmt ? nixfmt : undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Interleaved rounds, so that a busy moment (the machine after the 20 MB run) hits all three.
  const rounds: Array<[number, number, number]> = [];
  for (let i = 0; i < 15; i++)
    rounds.push([
      run("node", ["-e", "0"]),
      run("node", [cli, "--version"]),
      run("node", [cli, "fmt"], "{ a = 1; }\n"),
    ]);
  const bare = median(rounds.map((r) => r[0]));
  const version = median(rounds.map((r) => r[1]));
  const tiny = median(rounds.map((r) => r[2]));
  console.log(
    `  cold start: node -e 0 ${formatMs(bare)}; nix-emit --version ${formatMs(version)} (overhead ${formatMs(version - bare)}); nix-emit fmt of a tiny input ${formatMs(tiny)} (overhead ${formatMs(tiny - bare)}; aim: 40 ms or less; medians of 15 interleaved runs)`,
  );
  // Every Node process of this run pays for it (about 40 ms on the machines this was written on),
  // nixfmt does not: it weighs on every ratio above.
  if (process.env["NODE_EXTRA_CA_CERTS"])
    console.log(
      "  note: NODE_EXTRA_CA_CERTS is set, so every Node start reads that certificate bundle",
    );
}
