/**
 * `npm run bench`: how fast nix-emit prints and formats, against references measured in the same run.
 *
 * 1. Printing `fromValue(v)` for a ~10 MB JSON-like configuration value vs `JSON.stringify(v, null, 2)`:
 *    median times, their ratio, and the peak heap of each (measured in a child process, see
 *    `bench/memory.ts`).
 * 2. Formatting a corpus (the nixfmt fixtures plus >= 1 MB of generated module-like Nix written to a
 *    temp dir): `formatText` throughput in MB/s vs `nix-instantiate --parse` of the same files.
 * 3. The parse-only and print-only halves of formatting.
 * 4. Whole processes against the official formatter (`bench/processes.ts`): nixpkgs lib, large
 *    shallow files, cold start.
 *
 * Every module it needs is loaded dynamically: a missing one is reported and its section skipped.
 * Numbers are printed, never asserted.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchCorpus, type CorpusFile, configValue } from "./corpus.js";
import { measureMemory, type MemoryTask } from "./memory.js";
import { loadModules, type Modules, unwrapText } from "./modules.js";
import { processBenchmarks } from "./processes.js";
import { CORPUS_SEED, VALUE_BYTES, VALUE_SEED } from "./sizes.js";
import { formatMs, time } from "./timing.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

const RUNS = 5;
const WARMUP = 2;

const mb = (bytes: number) => bytes / (1024 * 1024);

function header(): void {
  const nix = spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" });
  console.log("nix-emit benchmarks");
  console.log(
    `  node ${process.version} (${process.platform} ${process.arch}), ${nix.status === 0 ? nix.stdout.trim() : "nix-instantiate not found"}`,
  );
  console.log(`  timings: median of ${RUNS} runs after ${WARMUP} warm-up runs\n`);
}

function memoryReport(tasks: readonly MemoryTask[]): void {
  console.log(
    "  peak heap (child process with --expose-gc --trace-gc: the highest heap-used figure V8",
  );
  console.log(
    "  reports at any GC during the operation, or at its end; minus the heap holding the value):",
  );
  for (const task of tasks) {
    const m = measureMemory(task);
    if ("error" in m) console.log(`    ${task}: [failed] ${m.error}`);
    else
      console.log(
        `    ${task === "json" ? "JSON.stringify      " : "print(fromValue(v))"}  peak heap ${m.peakHeapMB.toFixed(0)} MB (+${(m.peakHeapMB - m.baselineHeapMB).toFixed(0)} MB over the ${m.baselineHeapMB.toFixed(0)} MB input), peak RSS ${m.maxRssMB.toFixed(0)} MB`,
      );
  }
}

/**
 * `s`, made flat: the printer builds its text by concatenation, which V8 may keep as a rope until
 * the text is first read; reading one character makes V8 flatten it, so the time of that is
 * counted here, as JSON.stringify's flat result counts it.
 */
function flattened(s: string): string {
  if (s.length > 0) s.charCodeAt(s.length - 1);
  return s;
}

async function printingBenchmark(mods: Modules): Promise<void> {
  console.log(
    `1. Printing a ~${mb(VALUE_BYTES).toFixed(0)} MB JSON-like value (seed ${VALUE_SEED})`,
  );
  const value = configValue(VALUE_SEED, VALUE_BYTES);
  const json = time(() => JSON.stringify(value, null, 2), RUNS, WARMUP);
  console.log(
    `  JSON.stringify(v, null, 2)    ${formatMs(json.median)}   output ${mb(json.result.length).toFixed(2)} MB`,
  );
  const { print, fromValue } = mods;
  if (!print || !fromValue) {
    console.log(
      "  [skipped] print(fromValue(v)): needs lib/print/print.ts and lib/ast/fromValue.ts",
    );
    memoryReport(["json"]);
    console.log();
    return;
  }
  const build = time(() => fromValue(value), RUNS, WARMUP);
  const ast = build.result;
  const printOnly = time(() => flattened(print(ast)), RUNS, WARMUP);
  const total = time(() => flattened(print(fromValue(value))), RUNS, WARMUP);
  console.log(`  fromValue(v)                  ${formatMs(build.median)}`);
  console.log(
    `  print(ast)                    ${formatMs(printOnly.median)}   output ${mb(printOnly.result.length).toFixed(2)} MB`,
  );
  console.log(`  print(fromValue(v))           ${formatMs(total.median)}`);
  console.log(
    `  ratio print(fromValue(v)) / JSON.stringify: ${(total.median / json.median).toFixed(2)}x (aim: within 10x)`,
  );

  memoryReport(["json", "nix"]);

  // Growth with input size: the same generator at 1, 10 and 40 MB (median of 3 runs each); time
  // per MB should stay flat if printing is linear.
  console.log("  scaling of print(fromValue(v)) (median of 3):");
  for (const bytes of [1_000_000, 10_000_000, 40_000_000]) {
    const v = configValue(VALUE_SEED, bytes);
    const j = time(() => JSON.stringify(v, null, 2), 3, 1);
    const p = time(() => flattened(print(fromValue(v))), 3, 1);
    const size = mb(j.result.length);
    console.log(
      `    ${size.toFixed(1).padStart(5)} MB: ${formatMs(p.median)} (${(p.median / size).toFixed(0)} ms/MB; JSON.stringify ${formatMs(j.median)}, ratio ${(p.median / j.median).toFixed(1)}x)`,
    );
  }
  console.log();
}

function corpus(): CorpusFile[] {
  return benchCorpus(root);
}

/** `nix-instantiate --parse` of every file in batches; returns the median total time and failures. */
function nixReference(
  dir: string,
  files: readonly CorpusFile[],
): { ms: number; failures: number } | string {
  const paths = files.map((f, i) => {
    const path = join(dir, `f${i}.nix`);
    // Fixtures use free variables, which Nix 2.8 rejects at parse time.
    writeFileSync(path, `with { }; (\n${f.text}\n)`);
    return path;
  });
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += 200) batches.push(paths.slice(i, i + 200));
  let failures = 0;
  const runOnce = () => {
    failures = 0;
    for (const batch of batches) {
      const r = spawnSync("nix-instantiate", ["--parse", ...batch], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...process.env, NIX_REMOTE: "" },
      });
      if (r.error) throw r.error;
      if (r.status !== 0) failures++;
    }
  };
  try {
    return { ms: time(runOnce, 3, 1).median, failures };
  } catch (e) {
    return `nix-instantiate not usable: ${(e as Error).message}`;
  }
}

async function corpusBenchmark(mods: Modules): Promise<void> {
  const files = corpus();
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  console.log(
    `2. Formatting a corpus: ${files.length} files, ${mb(bytes).toFixed(2)} MB (fixtures + generated modules, seed ${CORPUS_SEED})`,
  );
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-bench-"));
  try {
    files.forEach((f, i) => writeFileSync(join(dir, `src${i}.nix`), f.text));
    const texts = files.map((f, i) => readFileSync(join(dir, `src${i}.nix`), "utf8"));

    const nix = nixReference(dir, files);
    if (typeof nix === "string") console.log(`  [skipped] nix-instantiate --parse: ${nix}`);
    else
      console.log(
        `  nix-instantiate --parse (batched, reference)  ${formatMs(nix.ms)}  ${(mb(bytes) / (nix.ms / 1000)).toFixed(2)} MB/s${nix.failures ? `  (${nix.failures} batches failed)` : ""}`,
      );

    const { formatText, parse, print } = mods;
    let formatMsMedian: number | undefined;
    if (formatText) {
      const failures: string[] = [];
      const runOnce = () => {
        failures.length = 0;
        texts.forEach((text, i) => {
          try {
            unwrapText(formatText(text));
          } catch (e) {
            failures.push(`${files[i]!.name}: ${String((e as Error).message).split("\n")[0]}`);
          }
        });
      };
      formatMsMedian = time(runOnce, 3, 1).median;
      console.log(
        `  formatText (parse + print)                    ${formatMs(formatMsMedian)}  ${(mb(bytes) / (formatMsMedian / 1000)).toFixed(2)} MB/s${failures.length ? `  (${failures.length} files failed, first: ${failures[0]})` : ""}`,
      );
      if (typeof nix !== "string")
        console.log(
          `  ratio formatText / nix-instantiate --parse: ${(formatMsMedian / nix.ms).toFixed(2)}x`,
        );
    } else console.log("  [skipped] formatText: needs lib/cli/fmt.ts");

    console.log("3. Splits over the same corpus");
    if (parse) {
      const parsed: unknown[] = [];
      const parseMs = time(
        () => {
          parsed.length = 0;
          for (const text of texts) {
            try {
              parsed.push(parse(text));
            } catch {
              parsed.push(undefined);
            }
          }
        },
        3,
        1,
      ).median;
      console.log(
        `  parse only  ${formatMs(parseMs)}  ${(mb(bytes) / (parseMs / 1000)).toFixed(2)} MB/s  (${parsed.filter((p) => p === undefined).length} failed)`,
      );
      if (print) {
        const trees = parsed.filter((p) => p !== undefined);
        const printMs = time(
          () => {
            for (const tree of trees) {
              try {
                print(tree);
              } catch {
                /* counted below */
              }
            }
          },
          3,
          1,
        ).median;
        console.log(
          `  print only  ${formatMs(printMs)}  ${(mb(bytes) / (printMs / 1000)).toFixed(2)} MB/s  (of the parsed trees)`,
        );
      } else console.log("  [skipped] print only: needs lib/print/print.ts");
    } else console.log("  [skipped] parse only / print only: needs lib/parse/index.ts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- print processes` runs only the sections named (all of them by default). */
const SECTIONS = ["print", "corpus", "processes"] as const;

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(SECTIONS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    console.error(`unknown section ${unknown.join(", ")}: choose from ${SECTIONS.join(", ")}`);
    process.exit(2);
  }
  const run = (s: (typeof SECTIONS)[number]) => asked.length === 0 || asked.includes(s);
  header();
  const mods = await loadModules();
  if (run("print")) await printingBenchmark(mods);
  if (run("corpus")) await corpusBenchmark(mods);
  if (run("processes")) processBenchmarks(root);
}

await main();
