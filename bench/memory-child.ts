/**
 * Child process of `bench/memory.ts`: builds the benchmark value, forces a GC, runs ONE operation
 * (`json`: `JSON.stringify(v, null, 2)`; `nix`: `print(fromValue(v))`) and prints the heap figures.
 * Run with `--expose-gc --trace-gc`.
 *
 * @module
 */
import { writeSync } from "node:fs";
import { configValue } from "./corpus.js";
import { RESULT_MARKER } from "./memory.js";
import { loadModules } from "./modules.js";
import { VALUE_BYTES, VALUE_SEED } from "./sizes.js";

const task = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

const mods = await loadModules();
const value = configValue(VALUE_SEED, VALUE_BYTES);
let operation: () => unknown;
if (task === "json") operation = () => JSON.stringify(value, null, 2);
else if (task === "nix" && mods.print && mods.fromValue) {
  const { print, fromValue } = mods;
  operation = () => print(fromValue(value));
} else throw new Error(`cannot run task ${task}`);

gc();
const baselineHeap = process.memoryUsage().heapUsed;
const output = operation();
const endHeap = process.memoryUsage().heapUsed;
const maxRssKB = process.resourceUsage().maxRSS;
writeSync(
  1,
  `${RESULT_MARKER}${JSON.stringify({ baselineHeap, endHeap, maxRssKB, outputLength: String(output).length })}\n`,
);
