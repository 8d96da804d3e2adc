/** Every public export of the package's entry points has a doc comment. */
import { join } from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const entries = [
  "index.ts",
  "parse/index.ts",
  "prettier/index.ts",
  "module/index.ts",
  "tree/index.ts",
  "k8s/index.ts",
  "edit/index.ts",
].map((f) => join(root, "lib", f));

it("every public export has a doc comment", () => {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let count = 0;
  for (const entry of entries) {
    const source = program.getSourceFile(entry)!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      count++;
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const documented =
        symbol.getDocumentationComment(checker).length > 0 ||
        (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
      if (!documented) missing.push(`${entry.slice(root.length + 1)}: ${exported.name}`);
    }
  }
  expect(count).toBeGreaterThan(80);
  expect(missing).toEqual([]);
});
