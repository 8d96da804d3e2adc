/**
 * Formatting Nix source: parse, then print in the official style. One function behind
 * `nix-emit fmt`, the prettier plugin and the library, with the defaults of `print`.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import { type ParseError, parse } from "../parse/index.js";
import { print, type PrintOptions } from "./print.js";

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
  const { file, ...printOptions } = options;
  return E.map((source: Parameters<typeof print>[0]) => print(source, printOptions))(
    parse(text, file === undefined ? {} : { file }),
  );
}
