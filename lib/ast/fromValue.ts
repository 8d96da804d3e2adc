/**
 * `fromValue`: a plain JavaScript value as a Nix expression.
 *
 * @module
 */
import { NixEmitError } from "../errors.js";
import { isMarkedNode, n } from "./build.js";
import { isIdentifier } from "./escape.js";
import type { Expr } from "./nodes.js";

const MIN_I64 = -(2n ** 63n);
const MAX_I64 = 2n ** 63n - 1n;

function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Where a value sits in the input, as a chain of keys: the path text is only built for an error
 * (building it for every member was a third of the conversion's time on large values).
 */
type At = { readonly up: At; readonly key: string | number } | null;

function pathOf(at: At): string {
  const keys: Array<string | number> = [];
  for (let a = at; a !== null; a = a.up) keys.push(a.key);
  let path = "$";
  for (let i = keys.length - 1; i >= 0; i--) path = childPath(path, keys[i]!);
  return path;
}

function fail(at: At, message: string, hint?: string): never {
  const path = pathOf(at);
  throw new NixEmitError(hint ? { path, message, hint } : { path, message });
}

function checkText(s: string, path: At): void {
  if (s.includes("\u0000"))
    fail(
      path,
      "string contains a NUL character, which Nix strings cannot hold",
      "remove or replace the \\u0000",
    );
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s))
    fail(
      path,
      "string contains a lone UTF-16 surrogate, which has no UTF-8 encoding",
      "fix the string's encoding",
    );
}

/**
 * Converts a JSON-like value to a Nix expression: `null`, booleans, numbers (safe integers as
 * integers, other finite numbers as floats that read back to the same double), bigints (signed
 * 64-bit), strings, arrays, plain objects (keys in insertion order, quoted only when needed,
 * `undefined` members skipped) and AST nodes made by the builders, anywhere inside.
 *
 * `fromValue({ a: [1, "x"], "b-c": null })` prints as `{ a = [ 1 "x" ]; b-c = null; }`.
 *
 * Throws a `NixEmitError` whose issue path points into the value (`$.users[0].user.client-key`) for
 * NaN, ±Infinity, subnormal floats, out-of-range bigints, cycles, NUL characters and non-plain objects
 * (Date, Map, functions, class instances).
 */
export function fromValue(value: unknown): Expr {
  const ancestors = new Set<object>();
  const convert = (v: unknown, path: At): Expr => {
    switch (typeof v) {
      case "boolean":
        return n.bool(v);
      case "number":
        if (Number.isNaN(v) || !Number.isFinite(v))
          fail(path, `${v} has no Nix equivalent`, "Nix numbers are finite: use null or a string");
        if (Number.isSafeInteger(v)) return n.int(v === 0 ? 0 : v);
        {
          const abs = Math.abs(v);
          if (abs < 2.2250738585072014e-308)
            fail(path, `${v} is a subnormal double, which Nix cannot read back`, "round it to 0");
        }
        return n.float(v);
      case "bigint":
        if (v < MIN_I64 || v > MAX_I64)
          fail(
            path,
            `${v} is outside Nix's signed 64-bit integer range`,
            "use a string for larger numbers",
          );
        if (v === MIN_I64) return n.op(n.int(-(2n ** 63n - 1n)), "-", n.int(1));
        return n.int(v);
      case "string":
        checkText(v, path);
        return n.str(v);
      case "undefined":
        fail(path, "undefined has no Nix equivalent", "leave the member out or use null");
      case "function":
        fail(path, "a function cannot be converted to Nix", "build the Nix lambda with n.lambda");
      case "symbol":
        fail(path, "a symbol cannot be converted to Nix");
      case "object": {
        if (v === null) return n.null;
        if (isMarkedNode(v)) return v;
        if (ancestors.has(v))
          fail(
            path,
            "the value contains a cycle",
            "Nix values are trees: break the reference cycle",
          );
        ancestors.add(v);
        try {
          if (Array.isArray(v))
            return n.list(v.map((item, i) => convert(item, { up: path, key: i })));
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) {
            const name = (v as { constructor?: { name?: string } }).constructor?.name ?? "object";
            fail(
              path,
              `a ${name} instance cannot be converted to Nix`,
              name === "Date"
                ? "convert it first, e.g. date.toISOString()"
                : "convert it to a plain object, array or string first",
            );
          }
          const bindings = [];
          for (const [key, member] of Object.entries(v)) {
            if (member === undefined) continue;
            const at = { up: path, key };
            checkText(key, at);
            bindings.push(n.assign(key, convert(member, at)));
          }
          return n.attrs(bindings);
        } finally {
          ancestors.delete(v);
        }
      }
    }
  };
  try {
    return convert(value, null);
  } catch (err) {
    if (err instanceof RangeError)
      fail(null, "the value is nested too deeply to convert", "flatten the structure");
    throw err;
  }
}

export { isIdentifier };
