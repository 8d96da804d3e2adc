/**
 * docs/getting-started.md is executable: every `ts` block runs with tsx (imports of `nix-emit`
 * rewritten to this checkout's sources), every `sh` block with the built CLI, and the `text` block
 * that follows each one is its exact expected output.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const doc = readFileSync(join(root, "docs/getting-started.md"), "utf8");
const bin = join(root, "dist/cli/main.js");
const built = existsSync(bin);

interface Snippet {
  readonly lang: "ts" | "sh";
  readonly code: string;
  readonly expected: string;
  readonly line: number;
}

/** Fenced blocks in order; a `ts`/`sh` block must be followed by its `text` output block. */
function snippets(markdown: string): Snippet[] {
  const blocks = [...markdown.matchAll(/^```(\S*)([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1]!,
    skip: m[2]!.trim() === "skip",
    code: m[3]!,
    line: markdown.slice(0, m.index).split("\n").length,
  }));
  const result: Snippet[] = [];
  blocks.forEach((block, i) => {
    if (block.skip || (block.lang !== "ts" && block.lang !== "sh")) return;
    const next = blocks[i + 1];
    if (next?.lang !== "text")
      throw new Error(`docs/getting-started.md:${block.line}: no \`text\` output block follows`);
    result.push({ lang: block.lang, code: block.code, expected: next.code, line: block.line });
  });
  return result;
}

const sources: Record<string, string> = {
  "nix-emit": "lib/index.ts",
  "nix-emit/parse": "lib/parse/index.ts",
  "nix-emit/module": "lib/module/index.ts",
  "nix-emit/tree": "lib/tree/index.ts",
  "nix-emit/k8s": "lib/k8s/index.ts",
};

const work = mkdtempSync(join(tmpdir(), "nix-emit-doc-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const all = snippets(doc);

it("the page has runnable ts and sh snippets", () => {
  expect(all.filter((s) => s.lang === "ts").length).toBeGreaterThanOrEqual(3);
  expect(all.filter((s) => s.lang === "sh").length).toBeGreaterThanOrEqual(2);
});

describe("ts snippets of docs/getting-started.md", () => {
  for (const snippet of all.filter((s) => s.lang === "ts")) {
    it(`line ${snippet.line}`, () => {
      const code = snippet.code.replace(/from "(nix-emit[^"]*)"/g, (whole, name: string) => {
        const target = sources[name];
        if (!target) throw new Error(`line ${snippet.line}: unknown import ${name}`);
        return `from ${JSON.stringify(join(root, target))}`;
      });
      const file = join(work, `snippet-${snippet.line}.ts`);
      writeFileSync(file, code);
      const out = execFileSync(join(root, "node_modules/.bin/tsx"), [file], {
        cwd: work,
        encoding: "utf8",
      });
      expect(out).toBe(snippet.expected);
    });
  }
});

if (!built) process.stderr.write("SKIPPED (run npm run build first): sh snippets of the docs\n");
describe.skipIf(!built)(
  `sh snippets of docs/getting-started.md${built ? "" : " [needs npm run build]"}`,
  () => {
    for (const snippet of all.filter((s) => s.lang === "sh")) {
      it(`line ${snippet.line}`, () => {
        const dir = mkdtempSync(join(work, "sh-"));
        const script = `nix-emit() { node ${JSON.stringify(bin)} "$@"; }\nset -e\n${snippet.code}`;
        const out = execFileSync("bash", ["-c", script], { cwd: dir, encoding: "utf8" });
        expect(out).toBe(snippet.expected);
      });
    }
  },
);
