/**
 * Nix as the judge of property tests: `nix-instantiate --parse` results for many printed expressions,
 * fetched in a few batched processes before the property runs and cached by source text, so that
 * fast-check can re-check (and shrink) a case without starting Nix for every example.
 *
 * @module
 */
import { tmpdir } from "node:os";
import { nixParseMany, withFreeVariables, type NixResult } from "./nix.js";

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
