/**
 * Peak heap of one benchmark operation, measured in a child process (`bench/memory-child.ts`) run
 * with `--expose-gc --trace-gc`: the child builds the input, forces a full GC (V8 logs it with the
 * reason "testing"), records the heap used (the baseline), runs the operation once and records the
 * heap used at its end. The peak is the highest heap-used figure among the end value and the
 * "before" figures of every GC V8 logged after the forced one: the heap is largest just before a
 * collection, so this is the peak up to the allocation since the last GC.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export type MemoryTask = "json" | "nix";

export interface MemoryResult {
  readonly baselineHeapMB: number;
  readonly peakHeapMB: number;
  readonly maxRssMB: number;
}

/** The marker the child prints before its JSON result line. */
export const RESULT_MARKER = "MEMORY-RESULT ";

const gcLine = /(\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)\) -> (\d+(?:\.\d+)?) \((\d+(?:\.\d+)?)\) MB/;

/** Runs `task` in a child process and reads its peak heap from V8's GC trace. */
export function measureMemory(task: MemoryTask): MemoryResult | { error: string } {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--expose-gc", "--trace-gc", join(here, "memory-child.ts"), task],
    { encoding: "utf8", maxBuffer: 1 << 28 },
  );
  if (child.status !== 0)
    return { error: (child.stderr || child.stdout).trim().split("\n")[0] ?? "" };
  const lines = child.stdout.split("\n");
  const resultLine = lines.find((l) => l.startsWith(RESULT_MARKER));
  if (!resultLine) return { error: "the child printed no result" };
  const result = JSON.parse(resultLine.slice(RESULT_MARKER.length)) as {
    baselineHeap: number;
    endHeap: number;
    maxRssKB: number;
  };
  const forced = lines.reduce(
    (last, line, i) => (line.includes("testing") && gcLine.test(line) ? i : last),
    -1,
  );
  if (forced < 0) return { error: "no forced GC in the trace (is --trace-gc supported?)" };
  let peak = result.endHeap / (1024 * 1024);
  for (const line of lines.slice(forced + 1)) {
    const m = gcLine.exec(line);
    if (m) peak = Math.max(peak, Number(m[1]));
  }
  return {
    baselineHeapMB: result.baselineHeap / (1024 * 1024),
    peakHeapMB: peak,
    maxRssMB: result.maxRssKB / 1024,
  };
}
