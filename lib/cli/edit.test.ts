import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirs } from "../testing/tempDirs.js";
import { describeWithNix, nixEvalJson } from "../testing/nix.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

const dir = tempDirs("nix-emit-edit-args-");

async function run(text: string, ...args: string[]) {
  const cwd = dir();
  writeFileSync(join(cwd, "m.nix"), text);
  const io = memoryIO("", { cwd });
  const code = await main(["edit", "m.nix", ...args], io);
  return { code, err: io.err(), text: readFileSync(join(cwd, "m.nix"), "utf8") };
}

describe("nix-emit edit arguments (issue 23 point 9)", () => {
  it("a NUL or a lone surrogate in a path is refused as such, exit 1, nothing written", async () => {
    for (const path of ['a."b\u0000"', 'a."\ud800"', "a.\udc00x"]) {
      const r = await run("{ a = { }; }\n", "--set", `${path}=1`);
      expect(r.code, path).toBe(1);
      expect(r.err).toMatch(/holds a (NUL character|lone UTF-16 surrogate)/);
      expect(r.err).not.toMatch(/bug/);
      expect(r.text).toBe("{ a = { }; }\n");
    }
  });
  it("a lone surrogate in a value is refused, not written as U+FFFD", async () => {
    const r = await run("{ a = 1; }\n", "--set", 'a="\\ud800"');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/a: .*lone UTF-16 surrogate/);
    expect(r.text).toBe("{ a = 1; }\n");
  });
  it("floats stay floats: --set r=1.0 writes 1.0, nested too; big integers stay exact", async () => {
    const r = await run(
      "{ r = 0; }\n",
      "--set",
      "r=1.0",
      "--set",
      's={"x":[2.50,1e3,3]}',
      "--set",
      "b=9007199254740993",
    );
    expect(r.code).toBe(0);
    expect(r.text).toBe(
      "{\n  r = 1.0;\n  s = {\n    x = [\n      2.5\n      1000.0\n      3\n    ];\n  };\n  b = 9007199254740993;\n}\n",
    );
  });
  it('quoted path segments may hold =, . and \\" (PATH=JSON splits at the first = outside quotes)', async () => {
    const r = await run("{ }\n", "--set", 'a."b=c"."d.e"."say \\"hi\\""=1');
    expect(r.code).toBe(0);
    expect(r.text).toBe('{ a."b=c"."d.e"."say \\"hi\\"" = 1; }\n');
  });
  it("--append and --remove-item: imports get ./etcd.nix once, and lose it", async () => {
    const src = "{\n  imports = [\n    ./a.nix\n  ];\n}\n";
    const r = await run(src, "--append", "imports=./etcd.nix", "--append", "imports=./etcd.nix");
    expect(r.code).toBe(0);
    expect(r.text).toBe("{\n  imports = [\n    ./a.nix\n    ./etcd.nix\n  ];\n}\n");
    const back = await run(r.text, "--remove-item", "imports=./etcd.nix");
    expect(back.text).toBe(src);
  });
  it("--set-let and --remove-let change let bindings; --set of a let-only name is refused", async () => {
    const src = "let\n  port = 80;\n  unused = 1;\nin\n{\n  services.x.port = port;\n}\n";
    const refusedSet = await run(src, "--set", "port=8080");
    expect(refusedSet.code).toBe(1);
    expect(refusedSet.err).toMatch(/port is a let binding.*--set-let port=JSON/);
    expect(refusedSet.text).toBe(src);
    const r = await run(src, "--set-let", "port=8080", "--remove-let", "unused");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.text).toBe("let\n  port = 8080;\nin\n{\n  services.x.port = port;\n}\n");
    const used = await run(src, "--remove-let", "port");
    expect(used.code).toBe(1);
    expect(used.text).toBe(src);
  });
  it("a path into a call the editor does not open: one line naming it, exit 1, nothing written", async () => {
    const src = "{ options.x = lib.mkFoo { default = 1; }; }\n";
    const r = await run(src, "--set", "options.x.default=2");
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/options\.x\.default: options\.x is a call to lib\.mkFoo/);
    expect(r.text).toBe(src);
  });
});

describeWithNix("nix-emit edit arguments, judged by Nix", () => {
  it("--set r=1.0 gives a float Nix accepts as one", async () => {
    const r = await run("{ r = 0; }\n", "--set", "r=1.0");
    expect(nixEvalJson(`builtins.isFloat (${r.text}).r`)).toBe(true);
  });
});
