/**
 * The layer order of `lib/`, written once: every import of a non-test file goes to its own folder
 * or to a folder lower in `LAYERS`, and the folders' import graph has no cycle. `docs/design.md`'s
 * layer table lists the same layers in the same order (checked here, not written again).
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Lowest first. `lib/*.ts` is the shared base (errors, `Either`, checked values, suggestions);
 * `lib/index.ts`, the package's main entry point, is on top.
 */
const LAYERS = [
  "lib/*.ts",
  "lib/ast",
  "lib/io",
  "lib/treesitter",
  "lib/nixfmt",
  "lib/parse",
  "lib/print",
  "lib/prettier",
  "lib/edit",
  "lib/module",
  "lib/tree",
  "lib/k8s",
  "lib/cli",
  "lib/testing",
  "lib/index.ts",
] as const;

/**
 * Imports against the order that are known and not removed yet, each with its reason, as
 * `"from-layer -> to-layer"`. Empty: none is left.
 */
const KNOWN_EXCEPTIONS: ReadonlyMap<string, string> = new Map<string, string>();

const repo = join(import.meta.dirname, "..");
const lib = join(repo, "lib");

/** An import of one file by another, as paths relative to the repository. */
interface Import {
  readonly from: string;
  readonly to: string;
}

/** The layer a file of `lib/` belongs to: its first-level folder, or one of the two root units. */
function layerOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "lib") throw new Error(`${file} is not under lib/`);
  if (parts.length === 2) return file === "lib/index.ts" ? "lib/index.ts" : "lib/*.ts";
  return `lib/${parts[1]}`;
}

/**
 * What is wrong with these imports under `order`: a layer not in the order, an import from a
 * lower layer to a higher one (unless a known exception), and folder cycles.
 */
function layerProblems(
  imports: readonly Import[],
  order: readonly string[],
  exceptions: ReadonlyMap<string, string> = new Map(),
): string[] {
  const problems: string[] = [];
  const rank = new Map(order.map((l, i) => [l, i]));
  const edges = new Map<string, Map<string, string>>(); // from layer -> to layer -> one example
  for (const { from, to } of imports) {
    const a = layerOf(from);
    const b = layerOf(to);
    for (const l of [a, b])
      if (!rank.has(l)) problems.push(`${l} (${l === a ? from : to}) has no place in LAYERS`);
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, `${from} imports ${to}`);
    if (
      rank.has(a) &&
      rank.has(b) &&
      rank.get(a)! < rank.get(b)! &&
      !exceptions.has(`${a} -> ${b}`)
    )
      problems.push(`${from} imports ${to}: ${a} is below ${b} in LAYERS`);
  }
  // Folder cycles (Tarjan's strongly connected components), with or without an order.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        component.sort();
        const members = new Set(component);
        const arrows = component.flatMap((c) =>
          [...(edges.get(c) ?? [])].filter(([t]) => members.has(t)).map(([, example]) => example),
        );
        problems.push(`folder cycle ${component.join(", ")}: ${arrows.join("; ")}`);
      }
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return problems;
}

/** Every relative import (static, `export … from`, `import type`, dynamic) of `lib/**.ts`. */
function libImports(): Import[] {
  const files = (readdirSync(lib, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("node_modules"))
    .map((f) => join(lib, f));
  const out: Import[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue; // packages and node: builtins
      const target = resolve(dirname(file), fileName).replace(/\.js$/, ".ts");
      if (!target.startsWith(lib + "/")) continue; // package.json and the like
      out.push({ from: relative(repo, file), to: relative(repo, target) });
    }
  }
  return out;
}

describe("the layer order", () => {
  it("has no folder cycle and no import from a lower layer to a higher one", () => {
    const imports = libImports();
    expect(imports.length).toBeGreaterThan(300);
    expect(layerProblems(imports, LAYERS, KNOWN_EXCEPTIONS)).toEqual([]);
  });

  it("finds an import upwards, a folder cycle and a folder with no place", () => {
    const order = ["lib/*.ts", "lib/ast", "lib/nixfmt", "lib/print"];
    expect(
      layerProblems(
        [
          { from: "lib/print/print.ts", to: "lib/nixfmt/pretty.ts" },
          { from: "lib/nixfmt/fromAst.ts", to: "lib/print/checkRaw.ts" },
          { from: "lib/ast/nodes.ts", to: "lib/errors.ts" },
          { from: "lib/ast/nodes.ts", to: "lib/ast/build.ts" },
          { from: "lib/newthing/a.ts", to: "lib/ast/nodes.ts" },
        ],
        order,
      ),
    ).toEqual([
      "lib/nixfmt/fromAst.ts imports lib/print/checkRaw.ts: lib/nixfmt is below lib/print in LAYERS",
      "lib/newthing (lib/newthing/a.ts) has no place in LAYERS",
      "folder cycle lib/nixfmt, lib/print: lib/nixfmt/fromAst.ts imports lib/print/checkRaw.ts; lib/print/print.ts imports lib/nixfmt/pretty.ts",
    ]);
    // A cycle is reported without any order, and a known exception silences only its arrow.
    expect(
      layerProblems(
        [
          { from: "lib/a/x.ts", to: "lib/b/y.ts" },
          { from: "lib/b/y.ts", to: "lib/a/x.ts" },
        ],
        ["lib/a", "lib/b"],
        new Map([["lib/a -> lib/b", "reason"]]),
      ),
    ).toEqual([
      "folder cycle lib/a, lib/b: lib/a/x.ts imports lib/b/y.ts; lib/b/y.ts imports lib/a/x.ts",
    ]);
  });

  it("is the order of docs/design.md's layer table", () => {
    const design = readFileSync(join(repo, "docs/design.md"), "utf8");
    const table = design.slice(design.indexOf("| layer | folder |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    const folders = rows.map(
      (r) => /^\| [^|]+ \| `([^`]+)`/.exec(r)?.[1] ?? `unreadable row: ${r}`,
    );
    expect(folders).toEqual([...LAYERS]);
  });
});
