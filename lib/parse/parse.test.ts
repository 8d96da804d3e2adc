import { markNode } from "../ast/build.js";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { print } from "../print/print.js";
import { parse, parseOrThrow } from "./index.js";

const expr = (src: string) => parseOrThrow(src).expr;

describe("parse", () => {
  it("reads `inherit ;`, `inherit (x) ;` and `or` as a name, as Nix does", () => {
    const src = "{ inherit ; inherit (x) ; or = 1; b = or; }";
    expect(print(parseOrThrow(src), { strict: false })).toBe(
      "{\n  inherit ;\n  inherit (x) ;\n  or = 1;\n  b = or;\n}\n",
    );
  });
  it("reads every construct", () => {
    const src = [
      "args@{ a, b ? 2, ... }:",
      "{ c, ... }@more:",
      "let",
      "  x = -1 + 2.5e3 * (3 - 4) / 5;",
      '  s = "a\\n${b}$$c\\$";',
      "  i = ''",
      "    l1 ''${x} '''",
      "      l2 ${y}",
      "  '';",
      "  p = [ ./a/${x}.nix ../b /c ~/d <nixpkgs/lib> https://example.org/x ];",
      '  r = rec { a.b."c-d".${e} = 1; inherit a; inherit (x) y "z"; };',
      "in",
      "with x;",
      "assert a -> b || !c && d == e && f != g && h < i;",
      "if x ? a.b then x.a.b or null else f x y // { } ++ [ ]",
    ].join("\n");
    const out = print(parseOrThrow(src));
    expect(out).toContain("args@{");
    expect(out).toContain("}@more:");
    expect(out).toContain('"https://example.org/x"');
    expect(out).toContain("<nixpkgs/lib>");
    expect(out).toContain('a.b."c-d".${e} = 1;');
    expect(out).toContain('inherit (x) y "z";');
    expect(out).toContain("l1 ''${x} '''");
    expect(out).toContain("x.a.b or null");
    expect(out).toContain('"a\\n${b}$$c\\$"');
  });
  it("keeps raw escapes and strips indented-string indentation like Nix", () => {
    const e = expr("''\n    a\n      b\n  ''");
    // Parsed nodes carry the node brand, like builder-made ones.
    expect(e).toEqual(
      markNode({ type: "string", style: "indented", parts: [{ type: "text", raw: "a\n  b\n" }] }),
    );
  });
  it("reads integers as bigints and rejects ones Nix cannot hold", () => {
    expect(expr("9223372036854775807")).toEqual(
      markNode({ type: "int", value: 9223372036854775807n }),
    );
    const r = parse("9223372036854775808");
    expect(E.isLeft(r) && r.left.message).toMatch(/integer 9223372036854775808 is too large/);
  });
  it("reads home paths with interpolation, which tree-sitter-nix 0.0.2 cannot", () => {
    expect(print(parseOrThrow('x: [ ~/${x}/a ~/b "~/c" ]'))).toBe(
      'x: [\n  ~/${x}/a\n  ~/b\n  "~/c"\n]\n',
    );
  });
  it("accepts a trailing comma in formals", () => {
    expect(print(parseOrThrow("{ a, b, }: a"))).toBe("{ a, b }: a\n");
  });
  it("attaches comments to bindings, list items and the file", () => {
    const f = parseOrThrow(
      "# head\n{\n  # before a\n  a = 1; # after a\n\n  b = [\n    1 # one\n    # end\n  ];\n}\n# tail\n",
    );
    expect(f.expr.comments?.before).toEqual([{ type: "lineComment", text: " head" }]);
    expect(f.endComments).toEqual([{ type: "lineComment", text: " tail" }]);
    const set = f.expr as Extract<typeof f.expr, { type: "attrs" }>;
    expect(set.bindings[0]!.comments).toEqual({
      before: [{ type: "lineComment", text: " before a" }],
      trailing: "after a",
    });
    expect(set.bindings[1]!.comments?.before).toEqual([{ type: "emptyLine" }]);
  });

  const errors: Array<[string, string, RegExp]> = [
    ["an unterminated string", '{ a = "abc; }', /syntax error: unterminated string/],
    ["a stray }", "{ a = 1; } }", /^x\.nix:1:12: syntax error: unexpected "}"/],
    ["let without in", "let a = 1;", /^x\.nix:1:11: syntax error: unexpected end of input/],
    ["an empty file", "", /^x\.nix:1:1: empty file/],
    ["only comments", "# nothing\n", /empty file/],
    ["binary junk", "\u0000\u0001\u00ff\u0002garbage", /NUL byte in input/],
    ["junk text", "@@@ !!! ]]]", /^x\.nix:1:\d+: syntax error/],
  ];
  for (const [name, src, message] of errors) {
    it(`reports ${name} as a located error`, () => {
      const r = parse(src, { file: "x.nix" });
      expect(E.isLeft(r)).toBe(true);
      if (E.isLeft(r)) {
        expect(r.left.formatted).toMatch(message);
        expect(r.left.formatted.split("\n")[2]).toMatch(/^ *\^$/);
      }
    });
  }
  it("treats an unknown escape as Nix does (the character itself)", () => {
    expect(print(parseOrThrow('"\\q"'))).toBe('"\\q"\n');
  });
  it("parses a 5 MB file", () => {
    const binding = '  key = { a = [ 1 2 "three" ]; b = "some text ${x}"; c = x: x + 1; };\n';
    const src = `{\n${binding.repeat(Math.ceil(5_000_000 / binding.length))}}\n`;
    const r = parse(src);
    expect(E.isRight(r)).toBe(true);
  });
  it("does not load the native parser when the emitter is imported", () => {
    const root = join(import.meta.dirname, "../..");
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        "await import('./lib/index.ts'); const { createRequire } = await import('node:module'); const r = createRequire(import.meta.url); console.log(Object.keys(r.cache).some((k) => k.includes('tree-sitter')))",
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(out.trim()).toBe("false");
  });
});

describe("the syntax tree copy, through parse", () => {
  it("marks missing nodes only in trees with errors, and reads both `inherit`s", () => {
    expect(E.isLeft(parse("{ a = ; }"))).toBe(true);
    expect(print(parseOrThrow("{ inherit a; b = { inherit (x) c; }; }"))).toBe(
      "{\n  inherit a;\n  b = { inherit (x) c; };\n}\n",
    );
  });
});
