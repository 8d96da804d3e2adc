/**
 * Wall-clock timing helpers for the benchmarks: warm-up runs, then the median of measured runs.
 *
 * @module
 */
import { performance } from "node:perf_hooks";

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns the median and the last result. */
export function time<T>(fn: () => T, runs: number, warmup: number): { median: number; result: T } {
  let result = undefined as T;
  for (let i = 0; i < warmup; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  return { median: median(times), result };
}

/** `1234.5 ms` right-aligned. */
export function formatMs(ms: number): string {
  return `${ms.toFixed(1).padStart(9)} ms`;
}
