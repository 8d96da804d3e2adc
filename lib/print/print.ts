/**
 * `print`: an AST in the official Nix format (nixfmt 1.4.0, RFC 166).
 *
 * @module
 */
import type { Expr, ExprType, SourceFile } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { depthOf } from "../ast/transform.js";
import { lowerFile, lowerSourceFile } from "../nixfmt/fromAst.js";
import { originOf } from "../nixfmt/lift.js";
import { layoutWhole } from "../nixfmt/pretty.js";
import { printPlain } from "./fast.js";
import { normalize } from "./normalize.js";
import { MAX_PRINT_DEPTH } from "./options.js";

let generalOnly = false;

/** Every expression kind, so that a value of another kind is refused before printing starts. */
const EXPR_TYPES: Readonly<Record<ExprType | "file", true>> = {
  int: true,
  float: true,
  string: true,
  path: true,
  searchPath: true,
  ident: true,
  attrs: true,
  list: true,
  select: true,
  hasAttr: true,
  apply: true,
  unary: true,
  binary: true,
  let: true,
  with: true,
  assert: true,
  if: true,
  lambda: true,
  paren: true,
  file: true,
};

/**
 * What a value that is not a node is, in a few words: its kind and its first keys, never the value
 * itself (a whole document or an `Either` would make an error message of megabytes).
 */
export function describeNonNode(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  if (typeof value !== "object") return `a ${typeof value}`;
  const keys = Object.keys(value);
  const shown = keys.slice(0, 5).map((k) => (k.length > 30 ? `${k.slice(0, 30)}…` : k));
  const type = (value as { type?: unknown }).type;
  return (
    `an object${typeof type === "string" ? ` of type ${JSON.stringify(type.slice(0, 30))}` : ""} ` +
    `with keys ${shown.join(", ")}${keys.length > 5 ? `, … (${keys.length} keys)` : ""}`
  );
}

function checkIsNode(node: unknown): asserts node is Expr | SourceFile {
  const type = (node as { type?: unknown } | null)?.type;
  if (
    typeof node === "object" &&
    node !== null &&
    typeof type === "string" &&
    Object.hasOwn(EXPR_TYPES, type)
  )
    return;
  const either = typeof node === "object" && node !== null && "_tag" in node;
  throw new NixEmitError({
    path: "",
    message: `print expects a Nix expression or file (a node), got ${describeNonNode(node)}`,
    hint: either
      ? "this looks like an fp-ts Either: print its .right after checking E.isRight"
      : "build nodes with the n.* builders, fromValue or parse",
  });
}

/** @internal For the property test that compares the direct path with the general printer. */
export function useGeneralPrinterOnly(on: boolean): void {
  generalOnly = on;
}

export {
  DEFAULT_INDENT,
  DEFAULT_STRICT,
  DEFAULT_WIDTH,
  MAX_PRINT_DEPTH,
  type PrintOptions,
} from "./options.js";
import { DEFAULT_INDENT, DEFAULT_STRICT, DEFAULT_WIDTH, type PrintOptions } from "./options.js";

/**
 * Prints an expression or a whole file in the official Nix format. The text ends with a newline.
 *
 * ```ts
 * print(n.attrs({ a: n.int(1) })) // "{ a = 1; }\n"
 * ```
 *
 * Throws a `NixEmitError` for trees that cannot be printed as valid Nix (an invalid identifier,
 * unsafe raw string text) or that nest too deeply for the printer.
 */
export function print(node: Expr | SourceFile, options: PrintOptions = {}): string {
  checkIsNode(node);
  const width = options.width ?? DEFAULT_WIDTH;
  const indent = options.indent ?? DEFAULT_INDENT;
  if (!Number.isInteger(width) || width < 1)
    throw new NixEmitError({
      path: "width",
      message: `width must be a positive integer, got ${width}`,
    });
  if (!Number.isInteger(indent) || indent < 0)
    throw new NixEmitError({
      path: "indent",
      message: `indent must be a non-negative integer, got ${indent}`,
    });
  const ctx = { strict: options.strict ?? DEFAULT_STRICT };
  const expr = node.type === "file" ? node.expr : node;
  const end = node.type === "file" ? node.endComments : undefined;
  try {
    // Plain data (what fromValue makes) has a direct path: same text, no document to lay out.
    if (!generalOnly && (end === undefined || end.length === 0) && originOf(expr) === undefined) {
      const text = printPlain(expr, width, indent);
      if (text !== undefined) return text;
    }
    // The printer recurses along the tree; refuse depths that could exhaust the stack, whatever
    // the embedding (test runners and workers have smaller stacks).
    const depth = depthOf(expr, { flatChains: true });
    if (depth > MAX_PRINT_DEPTH)
      throw new NixEmitError({
        path: "",
        message: `expression nested too deeply to print: depth ${depth} exceeds ${MAX_PRINT_DEPTH}`,
        hint: "flatten the structure (e.g. build long operator chains or lists as one level)",
      });
    if (node.type === "file") {
      const n = normalize(expr);
      return layoutWhole(
        lowerSourceFile(n === expr ? node : { ...node, expr: n }, ctx.strict),
        width,
        indent,
      );
    }
    return layoutWhole(lowerFile(normalize(expr), end, ctx.strict), width, indent);
  } catch (err) {
    if (err instanceof RangeError)
      throw new NixEmitError({
        path: "",
        message: "expression nested too deeply to print (the printer ran out of stack)",
        hint: "flatten the structure, or raise Node's stack size with --stack-size",
      });
    throw err;
  }
}
