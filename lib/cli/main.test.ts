/** The `nix-emit` entry: global help, version, dispatch, exit codes, and the built bin. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO } from "./io.js";
import { MAIN_HELP, main } from "./main.js";

const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
const ansi = /\u001b\[/;

describe("nix-emit main", () => {
  it("--help and -h print the global help to stdout and exit 0", async () => {
    for (const flag of ["--help", "-h", "help"]) {
      const io = memoryIO();
      expect(await main([flag], io)).toBe(0);
      expect(io.out()).toBe(MAIN_HELP);
      expect(io.err()).toBe("");
    }
    expect(MAIN_HELP).toContain("fmt");
    expect(MAIN_HELP).toContain("generate");
  });

  it("--version prints package.json's version", async () => {
    const io = memoryIO();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.out()).toBe(`${pkg.version}\n`);
  });

  it("no command is a usage error: help on stderr, exit 2", async () => {
    const io = memoryIO();
    expect(await main([], io)).toBe(2);
    expect(io.out()).toBe("");
    expect(io.err()).toContain("Usage: nix-emit <command>");
  });

  it("an unknown command is a usage error naming it, on stderr, exit 2", async () => {
    const io = memoryIO();
    expect(await main(["frobnicate"], io)).toBe(2);
    expect(io.out()).toBe("");
    expect(io.err()).toContain('nix-emit: unknown command "frobnicate"');
  });

  it("an unknown flag of a command is a usage error, exit 2", async () => {
    for (const command of ["fmt", "generate"]) {
      const io = memoryIO();
      expect(await main([command, "--no-such-flag"], io)).toBe(2);
      expect(io.err()).toMatch(/no-such-flag/);
    }
  });

  it("dispatches --help to each command's own help", async () => {
    for (const command of ["fmt", "generate"]) {
      const io = memoryIO();
      expect(await main([command, "--help"], io)).toBe(0);
      expect(io.out()).toContain(`Usage: nix-emit ${command}`);
    }
  });

  it("bad input to a command exits 1 with the error on stderr", async () => {
    const io = memoryIO("{ a = ; }");
    expect(await main(["fmt"], io)).toBe(1);
    expect(io.out()).toBe("");
    expect(io.err()).not.toBe("");
  });

  it("never writes colour escapes with NO_COLOR or without a terminal", async () => {
    const io = memoryIO("{ a = ; }", { env: { NO_COLOR: "1" } });
    await main(["fmt"], io);
    await main(["frobnicate"], io);
    expect(io.err()).not.toMatch(ansi);
    expect(io.out()).not.toMatch(ansi);
  });
});

describe("docs/cli.md", () => {
  it("documents every command and every flag that the help texts list", async () => {
    const doc = readFileSync(join(root, "docs/cli.md"), "utf8");
    const flags = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])];
    expect(flags(MAIN_HELP).filter((f) => !doc.includes(f))).toEqual([]);
    for (const command of ["fmt", "generate"]) {
      const io = memoryIO();
      await main([command, "--help"], io);
      expect(doc).toContain(`## \`nix-emit ${command}`);
      const listed = flags(io.out()).filter((f) => f !== "--help");
      expect(listed.length).toBeGreaterThan(1);
      expect(listed.filter((f) => !doc.includes(`\`${f}`))).toEqual([]);
    }
  });
});

/** The bin as installed: package.json's (a bundle made by `npm run build`, for start-up time). */
const binPath = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> }
).bin["nix-emit"]!;
const bin = join(root, binPath);
const built = existsSync(bin);
if (!built) process.stderr.write("SKIPPED (run npm run build first): built nix-emit bin\n");

describe.skipIf(!built)(`built bin ${binPath}${built ? "" : " [needs npm run build]"}`, () => {
  it("--help runs as an executable and exits 0", () => {
    const out = execFileSync("node", [bin, "--help"], { encoding: "utf8" });
    expect(out).toBe(MAIN_HELP);
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });
  it("formats stdin, and exits 2 on an unknown command", () => {
    const fmt = spawnSync("node", [bin, "fmt"], { input: "{a=1;}", encoding: "utf8" });
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toBe("{ a = 1; }\n");
    const bad = spawnSync("node", [bin, "nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "nope"');
  });
});
