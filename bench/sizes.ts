/**
 * The fixed inputs of the benchmarks, shared by `bench/run.ts` and its memory child.
 *
 * @module
 */

/** Seed and target size (as pretty-printed JSON) of the configuration value printed in section 1. */
export const VALUE_SEED = 20261124;
export const VALUE_BYTES = 10_000_000;

/** Seed and minimum size of the generated module corpus of section 2. */
export const CORPUS_SEED = 1166;
export const CORPUS_BYTES = 1_100_000;
