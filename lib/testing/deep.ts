/**
 * Very deeply nested inputs (trees, JS values and Nix source), built with loops so that building
 * them never overflows the stack: for testing that every layer either handles deep nesting or
 * fails with a clear error.
 *
 * @module
 */
import type { Expr } from "../ast/nodes.js";

const x: Expr = { type: "ident", name: "x" };
const one: Expr = { type: "int", value: 1n };

/** Deep trees by shape, each `depth` levels deep. */
export const deepTrees: Readonly<Record<string, (depth: number) => Expr>> = {
  "nested lists [ [ [ 1 ] ] ]": (depth) => {
    let e: Expr = one;
    for (let i = 0; i < depth; i++) e = { type: "list", items: [e] };
    return e;
  },
  "nested attribute sets { a = { a = 1; }; }": (depth) => {
    let e: Expr = one;
    for (let i = 0; i < depth; i++)
      e = {
        type: "attrs",
        rec: false,
        bindings: [{ type: "assignment", path: [{ type: "ident", name: "a" }], value: e }],
      };
    return e;
  },
  "left-nested + (1 + 1 + 1 ...)": (depth) => {
    let e: Expr = one;
    for (let i = 0; i < depth; i++) e = { type: "binary", op: "+", left: e, right: one };
    return e;
  },
  "right-nested + (1 + (1 + (...)))": (depth) => {
    let e: Expr = one;
    for (let i = 0; i < depth; i++) e = { type: "binary", op: "+", left: one, right: e };
    return e;
  },
  "nested lambdas x: x: ... x": (depth) => {
    let e: Expr = x;
    for (let i = 0; i < depth; i++)
      e = { type: "lambda", param: { type: "identParam", name: "x" }, body: e };
    return e;
  },
  "curried application f x x ... x": (depth) => {
    let e: Expr = { type: "ident", name: "f" };
    for (let i = 0; i < depth; i++) e = { type: "apply", fn: e, arg: x };
    return e;
  },
  "nested application f (f (... x))": (depth) => {
    let e: Expr = x;
    for (let i = 0; i < depth; i++) e = { type: "apply", fn: { type: "ident", name: "f" }, arg: e };
    return e;
  },
  'nested interpolation "${"${...}"}"': (depth) => {
    let e: Expr = x;
    for (let i = 0; i < depth; i++)
      e = {
        type: "string",
        style: "double",
        parts: [
          { type: "text", raw: "a" },
          { type: "interpolation", expr: e },
        ],
      };
    return e;
  },
};

/** Nix source of the same shapes, for the parser. */
export const deepSources: Readonly<Record<string, (depth: number) => string>> = {
  "nested lists": (d) => `${"[ ".repeat(d)}1${" ]".repeat(d)}\n`,
  "nested attribute sets": (d) => `${"{ a = ".repeat(d)}1${"; }".repeat(d)}\n`,
  "left-nested +": (d) => `1${" + 1".repeat(d)}\n`,
  "right-nested + with parentheses": (d) => `${"1 + (".repeat(d)}1${")".repeat(d)}\n`,
  "nested lambdas": (d) => `${"x: ".repeat(d)}x\n`,
  "curried application": (d) => `f${" x".repeat(d)}\n`,
  "nested application": (d) => `${"f (".repeat(d)}x${")".repeat(d)}\n`,
  "nested interpolation": (d) => `${'"a${'.repeat(d)}x${'}"'.repeat(d)}\n`,
};

/** Deep plain values for `fromValue`. */
export const deepValues: Readonly<Record<string, (depth: number) => unknown>> = {
  "nested arrays": (depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  },
  "nested objects": (depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  },
};
