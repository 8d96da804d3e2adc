/**
 * docs/getting-started.md cannot rot: every ```ts and ```sh block runs, and the ```text block after
 * it is exactly what it prints. TypeScript runs with tsx against the sources; `nix-emit` commands
 * run the CLI from the sources too.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirs } from "./testing/tempDirs.js";
const docDir = tempDirs("nix-emit-doc-");

const root = join(import.meta.dirname, "..");
const doc = readFileSync(join(root, "docs/getting-started.md"), "utf8");
const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
  lang: m[1]!,
  code: m[2]!,
}));

const ENTRY: Record<string, string> = {
  "nix-emit": "lib/index.ts",
  "nix-emit/parse": "lib/parse/index.ts",
  "nix-emit/k8s": "lib/k8s/index.ts",
  "nix-emit/module": "lib/module/index.ts",
  "nix-emit/tree": "lib/tree/index.ts",
  "nix-emit/edit": "lib/edit/index.ts",
};

function runTs(code: string): string {
  const source = code.replace(
    /from "(nix-emit[^"]*)"/g,
    (_, name: string) => `from ${JSON.stringify(join(root, ENTRY[name]!))}`,
  );
  const file = join(root, `.tmp-snippet-${process.pid}-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(file, source);
  try {
    return execFileSync(process.execPath, ["--import", "tsx", file], {
      cwd: root,
      encoding: "utf8",
    });
  } finally {
    rmSync(file, { force: true });
  }
}

function runSh(code: string): string {
  const cwd = docDir();
  const cli = `${JSON.stringify(join(root, "node_modules/.bin/tsx"))} ${JSON.stringify(join(root, "lib/cli/main.ts"))}`;
  const script = code.replace(/(^|\| *)nix-emit /gm, `$1${cli} `);
  return execFileSync("bash", ["-c", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: join(root, "node_modules") },
  });
}

describe("docs/getting-started.md", () => {
  it("has snippets, each followed by its output", () => {
    const runnable = blocks.filter((b) => b.lang === "ts" || b.lang === "sh");
    expect(runnable.length).toBeGreaterThanOrEqual(6);
    for (const b of runnable) expect(blocks[blocks.indexOf(b) + 1]?.lang, b.code).toBe("text");
  });
  blocks.forEach((block, i) => {
    if (block.lang !== "ts" && block.lang !== "sh") return;
    const expected = blocks[i + 1]?.code ?? "";
    it(`snippet ${i} (${block.lang}) prints what the page shows`, () => {
      const out = block.lang === "ts" ? runTs(block.code) : runSh(block.code);
      expect(out).toBe(expected);
    });
  });
});
