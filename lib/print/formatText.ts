/**
 * Formatting Nix source: parse, then print in the official style. One function behind
 * `nix-emit fmt`, the prettier plugin and the library, with the defaults of `print`.
 *
 * @module
 */
import type * as E from "../either.js";
import type { ParseError } from "../treesitter/errors.js";
import { formatSource } from "../nixfmt/index.js";
import { DEFAULT_INDENT, DEFAULT_STRICT, DEFAULT_WIDTH, type PrintOptions } from "./options.js";

/** Options of `formatText`: the printer's, and the file name for error messages. */
export interface FormatOptions extends PrintOptions {
  /** File name for error messages. */
  readonly file?: string;
}

/**
 * Formats Nix source text; a syntax error is a `Left`. As nixfmt by default, the layout keeps the
 * input's choices where the format allows (`strict: true` for nixfmt's `--strict`).
 */
export function formatText(
  text: string,
  options: FormatOptions = {},
): E.Either<ParseError, string> {
  return formatSource(text, {
    width: options.width ?? DEFAULT_WIDTH,
    indent: options.indent ?? DEFAULT_INDENT,
    strict: options.strict ?? DEFAULT_STRICT,
    ...(options.file === undefined ? {} : { file: options.file }),
  });
}
