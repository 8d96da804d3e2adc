/**
 * `nix-emit fmt` with hostile and huge input: non-UTF-8 bytes, a byte-order mark, a lone `\r`,
 * files owned by others, a reader that goes away, and large shallow inputs (compared with the
 * official formatter, found through NIXFMT or beside the repository).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { needOracles } from "../testing/oracle.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";
import { tempDirs } from "../testing/tempDirs.js";

const root = resolve(import.meta.dirname, "../..");
const found = needOracles("comparisons with nixfmt", ["nixfmt"]);
const nixfmt = found?.nixfmt ?? "nixfmt";
const hasNixfmt = found !== undefined;

const tempDir = tempDirs("nix-emit-robust-");

async function fmtFile(bytes: Uint8Array | string, args: string[] = []) {
  const cwd = tempDir();
  writeFileSync(join(cwd, "a.nix"), bytes);
  const io = memoryIO("", { cwd });
  const code = await main(["fmt", ...args, "a.nix"], io);
  return { code, err: io.err(), out: io.out(), cwd, text: () => readFileSync(join(cwd, "a.nix")) };
}

describe("nix-emit fmt refuses what Nix would not read, and says why", () => {
  it("refuses non-UTF-8 bytes, naming the file and the byte, and writes nothing", async () => {
    const bytes = Buffer.from('{ a = "caf\xe9"; }\n', "latin1");
    const r = await fmtFile(bytes);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a\.nix: not UTF-8 \(byte 0xE9 at offset 10\)/);
    expect(r.text().equals(bytes)).toBe(true);
  });
  it("refuses a byte-order mark, as Nix and nixfmt do", async () => {
    const r = await fmtFile("\ufeff{ a = 1; }\n");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a\.nix:1:1: byte-order mark/);
  });
  it("reads a lone \\r as the end of a comment, as Nix's lexer does", async () => {
    const r = await fmtFile("# hdr\r{ a = 1; }\n");
    expect(r.code).toBe(0);
    expect(r.text().toString()).toBe("# hdr\n{ a = 1; }\n");
  });
});

describe("in-place rewrites keep the file's mode and owner", () => {
  for (const mode of [0o666, 0o600]) {
    it(`mode ${mode.toString(8)}`, async () => {
      const cwd = tempDir();
      const file = join(cwd, "a.nix");
      writeFileSync(file, "{a=1;}\n");
      chmodSync(file, mode);
      if (process.getuid?.() === 0) chownSync(file, 1234, 1234);
      expect(await main(["fmt", "a.nix"], memoryIO("", { cwd }))).toBe(0);
      expect(readFileSync(file, "utf8")).toBe("{ a = 1; }\n");
      expect(statSync(file).mode & 0o777).toBe(mode);
      if (process.getuid?.() === 0) expect(statSync(file).uid).toBe(1234);
    });
  }
});

describe("a closed standard output", () => {
  it("ends the command quietly (`nix-emit fmt big.nix | head`)", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "big.nix"),
      `[ ${Array.from({ length: 50000 }, (_, i) => i).join(" ")} ]\n`,
    );
    const cli = `${JSON.stringify(join(root, "node_modules/.bin/tsx"))} ${JSON.stringify(join(root, "lib/cli/main.ts"))}`;
    const r = spawnSync("bash", ["-c", `set -o pipefail; ${cli} fmt < big.nix | head -n 1`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.stdout).toBe("[\n");
    expect(r.stderr.replace(/npm warn.*\n/g, "")).toBe("");
    expect(r.status).toBe(0);
  });
});

describe.skipIf(!hasNixfmt)("large shallow inputs format as nixfmt formats them", () => {
  const cases: Array<[string, () => string]> = [
    ["a 60,000-item list", () => `[ ${Array.from({ length: 60000 }, (_, i) => i).join(" ")} ]\n`],
    [
      "a 100,000-binding set",
      () => `{ ${Array.from({ length: 100000 }, (_, i) => `a${i} = ${i};`).join(" ")} }\n`,
    ],
    [
      "a 100,000-line indented string",
      () => `''\n${Array.from({ length: 100000 }, (_, i) => `  line ${i}`).join("\n")}\n''\n`,
    ],
    [
      "a 2,000-term + chain",
      () => `${Array.from({ length: 2000 }, (_, i) => `a${i}`).join(" + ")}\n`,
    ],
  ];
  for (const [name, make] of cases)
    it(name, () => {
      const dir = tempDir();
      const input = make();
      writeFileSync(join(dir, "in.nix"), input);
      const expected = execFileSync(nixfmt, ["-"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
      const cli = `${JSON.stringify(join(root, "node_modules/.bin/tsx"))} ${JSON.stringify(join(root, "lib/cli/main.ts"))}`;
      const out = execFileSync("bash", ["-c", `${cli} fmt < in.nix`], {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 1 << 28,
      });
      expect(out === expected).toBe(true);
    });
});
