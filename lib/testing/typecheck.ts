/**
 * Type-checks a TypeScript snippet with the compiler API under `--strict`, as a consumer's program
 * would be checked: for tests that something must not compile (a missing required field, a
 * non-boolean condition). Imports in the snippet name this repository's files by absolute path
 * (`${repoLib}/k8s/index.js`).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";

/** The repository's `lib/` folder, for imports in snippets. */
export const repoLib = resolve(import.meta.dirname, "..");

/** The compiler's error messages for each source (none when it compiles), in one program. */
export function typeErrors(sources: readonly string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-typecheck-"));
  try {
    const files = sources.map((source, i) => {
      const file = join(dir, `snippet${i}.mts`);
      writeFileSync(file, source);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return files.map((file) =>
      diagnostics
        .filter((d) => d.file?.fileName === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
