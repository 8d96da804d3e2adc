/**
 * "A type with a runtime check", the one abstraction behind both vocabularies of typed values: the
 * module layer's option types (`lib.types.*`, which add the Nix type expression) and the Kubernetes
 * schemas (which add field documentation and did-you-mean). Each knows the TypeScript type of its
 * values, says what it accepts, and reports every problem with its path.
 *
 * @module
 */
import type { Issue } from "./errors.js";

/** Values of type `T`, checked at run time. */
export interface Checked<T> {
  /** What it accepts, for messages and docs: "list of string", "a duration such as \"10s\"". */
  readonly description: string;
  /** Every problem with `value`, located under `path`; none when it is a `T`. */
  readonly check: (value: unknown, path: string) => Issue[];
  /** Phantom: never set, only carries `T`. */
  readonly _type?: T;
}

/** The TypeScript type of a checked type's values. */
export type CheckedType<C> = C extends Checked<infer T> ? T : never;

/**
 * A check from a test: `true` accepts, `false` gives the standard message
 * (`expected <description>, got <value>`, with an optional hint), a list gives its own issues.
 */
export function checkWith(
  description: string,
  test: (value: unknown, path: string) => Issue[] | boolean,
  show: (value: unknown) => string,
  hint?: string,
): (value: unknown, path: string) => Issue[] {
  return (value, path) => {
    const r = test(value, path);
    if (r === true) return [];
    if (r === false)
      return [
        { path, message: `expected ${description}, got ${show(value)}`, ...(hint ? { hint } : {}) },
      ];
    return r;
  };
}
