import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fmtCommand, formatText } from "./fmt.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";
import { tempDirs } from "../testing/tempDirs.js";
const tempDir = tempDirs("nix-emit-fmt-");

const ugly = "{ a = 1; b = [ 1 2 ]; }";
const pretty = "{\n  a = 1;\n  b = [\n    1\n    2\n  ];\n}\n";

describe("formatText", () => {
  it("formats, keeping a multi-line set expanded unless strict", () => {
    expect(formatText(ugly)).toEqual(E.right(pretty));
    expect(formatText("{\n  a = 1;\n}")).toEqual(E.right("{\n  a = 1;\n}\n"));
    expect(formatText("{\n  a = 1;\n}", { strict: true })).toEqual(E.right("{ a = 1; }\n"));
  });
  it("returns the syntax error with its position", () => {
    const r = formatText("{ a = ", { file: "x.nix" });
    expect(E.isLeft(r) && r.left.formatted).toMatch(
      /^x\.nix:1:6: syntax error: unexpected end of input/,
    );
  });
});

describe("nix-emit fmt", () => {
  it("tells the process how much input it will format, before formatting any", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.nix"), ugly);
    writeFileSync(join(dir, "b.nix"), "{ a = ");
    const told: number[] = [];
    const stderrBefore: string[] = [];
    const io = memoryIO("", { cwd: dir });
    const watched = {
      ...io,
      beforeWork: (bytes: number) => {
        told.push(bytes);
        stderrBefore.push(io.err());
      },
    };
    expect(await fmtCommand(["a.nix", "b.nix"], watched)).toBe(1);
    expect(told).toEqual([ugly.length + "{ a = ".length]);
    // b.nix's syntax error is reported after the hint: formatting had not begun.
    expect(stderrBefore).toEqual([""]);
    expect(io.err()).toMatch(/b\.nix:1:6: syntax error/);
    const fromStdin: number[] = [];
    const stdinIO = memoryIO(ugly);
    await fmtCommand([], { ...stdinIO, beforeWork: (b: number) => fromStdin.push(b) });
    expect(fromStdin).toEqual([ugly.length]);
  });
  it("reads stdin and writes stdout", async () => {
    const io = memoryIO(ugly);
    expect(await fmtCommand([], io)).toBe(0);
    expect(io.out()).toBe(pretty);
  });
  it("rewrites files in place and leaves no temporary files", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.nix"), ugly);
    writeFileSync(join(dir, "b.nix"), pretty);
    const io = memoryIO("", { cwd: dir });
    expect(await fmtCommand(["a.nix", "b.nix"], io)).toBe(0);
    expect(readFileSync(join(dir, "a.nix"), "utf8")).toBe(pretty);
    expect(readdirSync(dir).sort()).toEqual(["a.nix", "b.nix"]);
  });
  it("--check lists the files that would change, writes nothing and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.nix"), ugly);
    writeFileSync(join(dir, "b.nix"), pretty);
    const io = memoryIO("", { cwd: dir });
    expect(await fmtCommand(["--check", "a.nix", "b.nix"], io)).toBe(1);
    expect(io.out()).toBe("a.nix\n");
    expect(readFileSync(join(dir, "a.nix"), "utf8")).toBe(ugly);
    expect(await fmtCommand(["--check", "b.nix"], memoryIO("", { cwd: dir }))).toBe(0);
  });
  it("handles each file on its own: a file that does not parse is reported, the others formatted (issue 24)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.nix"), ugly);
    writeFileSync(join(dir, "bad.nix"), "let a = 1;");
    writeFileSync(join(dir, "z.nix"), ugly);
    const io = memoryIO("", { cwd: dir });
    expect(await fmtCommand(["a.nix", "bad.nix", "missing.nix", "z.nix"], io)).toBe(1);
    expect(io.err()).toContain("bad.nix:1:11: syntax error: unexpected end of input");
    expect(io.err()).toContain("cannot read missing.nix: ENOENT");
    expect(readFileSync(join(dir, "a.nix"), "utf8")).toBe(pretty);
    expect(readFileSync(join(dir, "z.nix"), "utf8")).toBe(pretty);
    expect(readFileSync(join(dir, "bad.nix"), "utf8")).toBe("let a = 1;");
  });
  it("--check bad.nix ugly.nix reports the syntax error and lists ugly.nix (issue 24)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.nix"), "let a = 1;");
    writeFileSync(join(dir, "ugly.nix"), ugly);
    writeFileSync(join(dir, "fine.nix"), pretty);
    const io = memoryIO("", { cwd: dir });
    expect(await fmtCommand(["--check", "bad.nix", "ugly.nix", "fine.nix"], io)).toBe(1);
    expect(io.err()).toContain("bad.nix:1:11: syntax error");
    expect(io.out()).toBe("ugly.nix\n");
    expect(readFileSync(join(dir, "ugly.nix"), "utf8")).toBe(ugly);
  });
  it("reports a missing file", async () => {
    const io = memoryIO("", { cwd: tempDir() });
    expect(await fmtCommand(["missing.nix"], io)).toBe(1);
    expect(io.err()).toContain("cannot read missing.nix: ENOENT");
  });
  it("honours --width and --indent", async () => {
    const io = memoryIO("{ a = { b = 1; }; }");
    expect(await fmtCommand(["--indent", "4", "--width=20"], io)).toBe(0);
    expect(io.out()).toBe("{\n    a = {\n        b = 1;\n    };\n}\n");
  });
  it("rejects bad options with exit code 2", async () => {
    for (const args of [["--width", "0"], ["--width", "x"], ["--indent"], ["--bogus"]]) {
      const io = memoryIO("");
      expect(await fmtCommand(args, io)).toBe(2);
      expect(io.err()).toMatch(/nix-emit fmt: (--width needs|--indent needs|unknown option)/);
    }
  });
});

describe("nix-emit main", () => {
  it("prints help, version, and rejects unknown commands with exit 2", async () => {
    const help = memoryIO();
    expect(await main(["--help"], help)).toBe(0);
    expect(help.out()).toContain("Usage: nix-emit <command>");
    const version = memoryIO();
    expect(await main(["--version"], version)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = memoryIO();
    expect(await main(["frobnicate"], unknown)).toBe(2);
    expect(unknown.err()).toContain('unknown command "frobnicate"');
    expect(await main([], memoryIO())).toBe(2);
  });
  it("dispatches to fmt, with its own --help", async () => {
    const io = memoryIO();
    expect(await main(["fmt", "--help"], io)).toBe(0);
    expect(io.out()).toContain("Usage: nix-emit fmt");
  });
});
