/**
 * A prettier 3 plugin for Nix on `nix-emit fmt`'s own path (one reader, one layout engine):
 * `npx prettier --plugin nix-emit/prettier --write '**\/*.nix'`. The source goes through
 * `formatSource`, as with `nix-emit fmt`: nixfmt's token tree (comments on the tokens nixfmt
 * gives them, `/*nixfmt:disable*\/` regions kept as raw text), nixfmt's rules and layout: the
 * bytes of `nix-emit fmt` and of nixfmt, deep nesting included.
 *
 * prettier's `printWidth` and `tabWidth` map to the formatter's width and indent; the layout is
 * nixfmt's default (input-dependent) mode, as `nix-emit fmt`.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import { formatSource } from "../nixfmt/index.js";
import { DEFAULT_INDENT, DEFAULT_WIDTH } from "../print/options.js";

/**
 * The file as `nix-emit fmt` formats it, and its source length (prettier needs node locations).
 * The parser does the whole of `fmt`'s work (read, nixfmt's rules, layout: it has the width and
 * indent), so that a syntax error is reported as prettier expects parsers to, and the printer has
 * nothing left to decide.
 */
interface NixRoot {
  readonly type: "nix-root";
  readonly formatted: string;
  readonly length: number;
}

/** The Nix language for prettier (`*.nix`). */
export const languages: SupportLanguage[] = [
  { name: "Nix", parsers: ["nix"], extensions: [".nix"], linguistLanguageId: 252 },
];

/** The `nix` parser: `nix-emit fmt`'s reader and printer. */
export const parsers: Record<string, Parser<NixRoot>> = {
  nix: {
    astFormat: "nix-emit",
    parse(text, options) {
      const result = formatSource(text, {
        width: options.printWidth,
        indent: options.tabWidth,
        strict: false,
        file: options.filepath ?? "<input>",
      });
      if (E.isLeft(result)) {
        const err = new SyntaxError(result.left.formatted) as SyntaxError & {
          loc: { start: { line: number; column: number } };
        };
        err.loc = { start: { line: result.left.line, column: result.left.column } };
        throw err;
      }
      return { type: "nix-root", formatted: result.right, length: text.length };
    },
    locStart: () => 0,
    locEnd: (node) => node.length,
  },
};

/** The printer: nixfmt's rules and layout engine, as `nix-emit fmt`. */
export const printers: Record<string, Printer<NixRoot>> = {
  "nix-emit": {
    print(path) {
      // The whole file was laid out by nix-emit's printer; prettier writes the text as it is.
      return path.node.formatted;
    },
  },
};

/** nixfmt's defaults: width 100, indent 2 (prettier's own default width is 80). */
export const defaultOptions = { printWidth: DEFAULT_WIDTH, tabWidth: DEFAULT_INDENT };

/** The plugin, for `prettier --plugin nix-emit/prettier`. */
const plugin: Plugin<NixRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;
