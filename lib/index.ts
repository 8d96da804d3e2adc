/**
 * nix-emit: build Nix expressions with typed builders or from plain values, and print them in the
 * official Nix format.
 *
 * @module
 */
export * from "./ast/nodes.js";
export * from "./ast/precedence.js";
