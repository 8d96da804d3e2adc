/**
 * Loads the nix-emit modules a benchmark needs, each on its own, so that a missing or broken one is
 * reported and only its section is skipped.
 *
 * @module
 */

/** The entry points the benchmarks call, typed loosely: they only pass values through. */
export interface Modules {
  readonly print?: (node: unknown) => string;
  readonly fromValue?: (value: unknown) => unknown;
  readonly parse?: (text: string) => unknown;
  readonly formatText?: (text: string) => unknown;
}

async function load(specifier: string, name: string): Promise<unknown> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    const fn = mod[name];
    if (typeof fn === "function") return fn;
    console.log(`  [missing] ${specifier} has no function ${name}`);
  } catch (e) {
    console.log(`  [missing] ${specifier}: ${String((e as Error).message).split("\n")[0]}`);
  }
  return undefined;
}

/** The value out of an fp-ts `Either` (throwing its `Left`), or the value itself. */
export function unwrapEither(result: unknown): unknown {
  if (result !== null && typeof result === "object" && "_tag" in result) {
    const either = result as { _tag: string; left?: unknown; right?: unknown };
    if (either._tag === "Left") {
      const left = either.left as { message?: unknown } | undefined;
      throw new Error(String(left?.message ?? JSON.stringify(either.left)));
    }
    return either.right;
  }
  return result;
}

/** The formatted text out of `formatText`'s result (a string or an `Either` of one). */
export function unwrapText(result: unknown): string {
  const value = unwrapEither(result);
  if (typeof value !== "string") throw new Error(`formatText returned ${typeof value}, not text`);
  return value;
}

/** Loads every module, reporting the missing ones. */
export async function loadModules(): Promise<Modules> {
  const print = (await load("../lib/print/print.js", "print")) as Modules["print"];
  const fromValue = (await load("../lib/ast/fromValue.js", "fromValue")) as
    ((value: unknown) => unknown) | undefined;
  const parse = (await load("../lib/parse/index.js", "parse")) as Modules["parse"];
  const formatText = (await load("../lib/cli/fmt.js", "formatText")) as Modules["formatText"];
  return {
    print,
    fromValue: fromValue && ((value: unknown) => unwrapEither(fromValue(value))),
    parse: parse && ((text: string) => unwrapEither(parse(text))),
    formatText,
  };
}
