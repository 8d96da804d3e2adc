/**
 * nix-emit: build Nix expressions with typed builders or from plain values, and print them in the
 * official Nix format.
 *
 * @module
 */
export * from "./ast/nodes.js";
export * from "./ast/precedence.js";
export { n, markNode, isMarkedNode } from "./ast/build.js";
export { fromValue } from "./ast/fromValue.js";
export { freeVariables } from "./ast/scope.js";
export {
  escapeDoubleQuoted,
  escapeIndented,
  formatFloat,
  isIdentifier,
  isKeyword,
} from "./ast/escape.js";
export { print, type PrintOptions } from "./print/print.js";
export { NixEmitError, formatIssue, type Issue } from "./errors.js";
