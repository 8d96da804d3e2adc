/**
 * Evidence for the printer's design choice: lay out the same documents with prettier's document
 * printer (`prettier/doc`) and with the port of nixfmt's layout engine, and count how many nixfmt
 * conformance fixtures each reproduces byte for byte. Run: `npx tsx bench/prettier-layout.ts`.
 *
 * The mapping is the natural one: group -> group, priority group -> group, transparent group -> its
 * contents, nest -> indent, offset -> align, line -> line, line' -> softline, soft spacings -> the
 * same (prettier has no "soft" kind), hardspace -> " ", hard lines -> hardline, trailing text ->
 * ifBreak.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { doc as prettierDoc } from "prettier";
import { parseOrThrow } from "../lib/parse/index.js";
import { type Doc, GroupAnn, Sp, TextAnn } from "../lib/nixfmt/doc.js";
import { lowerFile } from "../lib/nixfmt/fromAst.js";
import { prettyWhole } from "../lib/nixfmt/pretty.js";
import { normalize } from "../lib/print/normalize.js";
import { print } from "../lib/print/print.js";

const { builders: b, printer } = prettierDoc;
type PDoc = prettierDoc.builders.Doc;

function toPrettier(doc: Doc): PDoc[] {
  return doc.flatMap((x): PDoc[] => {
    switch (x.k) {
      case "text":
        return [
          x.ann === TextAnn.Trailing
            ? b.ifBreak(x.t, "")
            : x.ann === TextAnn.TrailingComment
              ? b.lineSuffix(" " + x.t)
              : x.t,
        ];
      case "sp":
        switch (x.s) {
          case Sp.Softbreak:
          case Sp.Break:
            return [b.softline];
          case Sp.Softspace:
          case Sp.Space:
            return [b.line];
          case Sp.Hardspace:
            return [" "];
          case Sp.Hardline:
            return [b.hardline];
          case Sp.Emptyline:
            return [b.hardline, b.hardline];
          case Sp.Newlines:
            return Array.from({ length: x.n }, () => b.hardline);
        }
        return [];
      case "group":
        return x.ann === GroupAnn.Transparent ? toPrettier(x.doc) : [b.group(toPrettier(x.doc))];
      case "nest":
        return [b.indent(toPrettier(x.doc))];
      case "offset":
        return [b.align(x.by, toPrettier(x.doc))];
    }
  });
}

const dir = join(import.meta.dirname, "../fixtures/nixfmt");
let ours = 0;
let theirs = 0;
let total = 0;
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith(".in.nix"))
  .sort()) {
  const name = f.slice(0, -".in.nix".length);
  const file = parseOrThrow(readFileSync(join(dir, f), "utf8"));
  for (const width of [100, 60]) {
    const w60 = join(dir, `${name}.w60.out.nix`);
    const expected = readFileSync(
      width === 60 && existsSync(w60) ? w60 : join(dir, `${name}.out.nix`),
      "utf8",
    );
    total++;
    if (print(file, { width }) === expected) ours++;
    const doc = prettyWhole(lowerFile(normalize(file.expr), file.endComments, false));
    const text = printer.printDocToString(b.group(toPrettier(doc)), {
      printWidth: width,
      tabWidth: 2,
      useTabs: false,
    } as Parameters<typeof printer.printDocToString>[1]).formatted;
    const normalised =
      text
        .split("\n")
        .map((l) => l.trimEnd())
        .join("\n")
        .trim() + "\n";
    if (normalised === expected) theirs++;
  }
}
console.log(`nixfmt conformance (27 pairs x widths 100 and 60 = ${total} cases):`);
console.log(`  nixfmt layout engine port: ${ours}/${total}`);
console.log(`  prettier printDocToString on the same documents: ${theirs}/${total}`);
