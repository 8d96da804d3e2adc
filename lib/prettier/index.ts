/**
 * A prettier 3 plugin for Nix, built on nix-emit's own parser and printer (one layout
 * implementation): `npx prettier --plugin nix-emit/prettier --write '**\/*.nix'`.
 *
 * prettier's `printWidth` and `tabWidth` map to the formatter's width and indent; the layout is
 * nixfmt's default (input-dependent) mode, as `nix-emit fmt`.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import type { Parser, Plugin, Printer, SupportLanguage } from "prettier";
import type { SourceFile } from "../ast/nodes.js";
import { parse } from "../parse/index.js";
import { DEFAULT_INDENT, DEFAULT_WIDTH, print } from "../print/print.js";

/** The parsed file and its source length (prettier needs node locations). */
interface NixRoot {
  readonly type: "nix-root";
  readonly file: SourceFile;
  readonly length: number;
}

/** The Nix language for prettier (`*.nix`). */
export const languages: SupportLanguage[] = [
  { name: "Nix", parsers: ["nix"], extensions: [".nix"], linguistLanguageId: 252 },
];

/** The `nix` parser: nix-emit's tree-sitter parser. */
export const parsers: Record<string, Parser<NixRoot>> = {
  nix: {
    astFormat: "nix-emit",
    parse(text, options) {
      const result = parse(text, { file: options.filepath ?? "<input>" });
      if (E.isLeft(result)) {
        const err = new SyntaxError(result.left.formatted) as SyntaxError & {
          loc: { start: { line: number; column: number } };
        };
        err.loc = { start: { line: result.left.line, column: result.left.column } };
        throw err;
      }
      return { type: "nix-root", file: result.right, length: text.length };
    },
    locStart: () => 0,
    locEnd: (node) => node.length,
  },
};

/** The printer: nix-emit's official-format printer. */
export const printers: Record<string, Printer<NixRoot>> = {
  "nix-emit": {
    print(path, options) {
      const root = path.node;
      // The whole file is laid out by nix-emit's printer; prettier writes the text as it is.
      return print(root.file, { width: options.printWidth, indent: options.tabWidth });
    },
  },
};

/** nixfmt's defaults: width 100, indent 2 (prettier's own default width is 80). */
export const defaultOptions = { printWidth: DEFAULT_WIDTH, tabWidth: DEFAULT_INDENT };

/** The plugin, for `prettier --plugin nix-emit/prettier`. */
const plugin: Plugin<NixRoot> = { languages, parsers, printers, defaultOptions };
export default plugin;
