/**
 * `fromValue`: a plain JavaScript value as a Nix expression.
 *
 * @module
 */
import { NixEmitError } from "../errors.js";
import { isMarkedNode, markNode, n } from "./build.js";
import { isIdentifier } from "./escape.js";
import type { Assignment, AttrName, AttrSet, Binding, Expr, List } from "./nodes.js";

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

/** Text that may hold a NUL or a surrogate: only such text gets `checkText`'s closer look. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

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
  // One attribute path (a list holding one name node) per distinct key in this value (nodes and
  // their lists are immutable): a large value repeats a few keys thousands of times, and every
  // object made is one more for the collector to move.
  const paths = new Map<string, readonly AttrName[]>();
  const pathOfKey = (key: string): readonly AttrName[] => {
    let path = paths.get(key);
    if (path === undefined) paths.set(key, (path = [n.attrName(key)]));
    return path;
  };
  // `up` and `key` say where `v` sits; the chain object is only made for containers (their members
  // need it) and errors: scalars, most of a value, allocate none.
  const convert = (v: unknown, up: At, key: string | number | undefined): Expr => {
    const here = (): At => (key === undefined ? null : { up, key });
    switch (typeof v) {
      case "boolean":
        return n.bool(v);
      case "number":
        if (Number.isNaN(v) || !Number.isFinite(v))
          fail(
            here(),
            `${v} has no Nix equivalent`,
            "Nix numbers are finite: use null or a string",
          );
        if (Number.isSafeInteger(v)) return n.int(v === 0 ? 0 : v);
        {
          const abs = Math.abs(v);
          if (abs < 2.2250738585072014e-308)
            fail(here(), `${v} is a subnormal double, which Nix cannot read back`, "round it to 0");
        }
        return n.float(v);
      case "bigint":
        if (v < MIN_I64 || v > MAX_I64)
          fail(
            here(),
            `${v} is outside Nix's signed 64-bit integer range`,
            "use a string for larger numbers",
          );
        if (v === MIN_I64) return n.op(n.int(-(2n ** 63n - 1n)), "-", n.int(1));
        return n.int(v);
      case "string":
        if (SUSPECT.test(v)) checkText(v, here());
        return n.str(v);
      case "undefined":
        fail(here(), "undefined has no Nix equivalent", "leave the member out or use null");
      case "function":
        fail(here(), "a function cannot be converted to Nix", "build the Nix lambda with n.lambda");
      case "symbol":
        fail(here(), "a symbol cannot be converted to Nix");
      case "object": {
        if (v === null) return n.null;
        if (Array.isArray(v)) {
          const at = enter(v, here());
          const items: Expr[] = new Array(v.length);
          for (let i = 0; i < v.length; i++) items[i] = convert(v[i], at, i);
          ancestors.delete(v);
          return markNode<List>({ type: "list", items });
        }
        if (isMarkedNode(v)) return v;
        const at = enter(v, here());
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          const name = (v as { constructor?: { name?: string } }).constructor?.name ?? "object";
          fail(
            at,
            `a ${name} instance cannot be converted to Nix`,
            name === "Date"
              ? "convert it first, e.g. date.toISOString()"
              : "convert it to a plain object, array or string first",
          );
        }
        const bindings: Binding[] = [];
        const record = v as Record<string, unknown>;
        for (const name of Object.keys(record)) {
          const member = record[name];
          if (member === undefined) continue;
          if (SUSPECT.test(name)) checkText(name, { up: at, key: name });
          bindings.push(
            markNode<Assignment>({
              type: "assignment",
              path: pathOfKey(name),
              value: convert(member, at, name),
            }),
          );
        }
        ancestors.delete(v);
        return markNode<AttrSet>({ type: "attrs", rec: false, bindings });
      }
    }
  };
  /** Notes that the conversion is inside `v` (a cycle is an error); its members sit under `at`. */
  const enter = (v: object, at: At): At => {
    if (ancestors.has(v))
      fail(at, "the value contains a cycle", "Nix values are trees: break the reference cycle");
    ancestors.add(v);
    return at;
  };
  try {
    return convert(value, null, undefined);
  } catch (err) {
    if (err instanceof RangeError)
      fail(null, "the value is nested too deeply to convert", "flatten the structure");
    throw err;
  }
}

export { isIdentifier };
