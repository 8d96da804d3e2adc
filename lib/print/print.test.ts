import { describe, expect, it } from "vitest";
import { n } from "../ast/build.js";
import type { Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { describeWithNix, nixParseMany, withFreeVariables } from "../testing/nix.js";
import { printFlat } from "../testing/flat.js";
import { print } from "./print.js";

const x = n.id("x");
const a = n.id("a");
const b = n.id("b");
const c = n.id("c");

/** Every expression printed in this file, to be checked by Nix at the end. */
const printed: Array<[string, Expr]> = [];
function p(e: Expr, width?: number): string {
  printed.push([print(e, width ? { width } : {}), e]);
  return printed[printed.length - 1]![0];
}

describe("parentheses from precedence and associativity", () => {
  const cases: Array<[string, Expr, string]> = [
    ["(a + b) * c", n.op(n.plus(a, b), "*", c), "(a + b) * c"],
    ["a + b * c", n.plus(a, n.op(b, "*", c)), "a + b * c"],
    ["a - (b - c)", n.op(a, "-", n.op(b, "-", c)), "a - (b - c)"],
    ["(a - b) - c", n.op(n.op(a, "-", b), "-", c), "a - b - c"],
    ["a // (b // c) is right-assoc", n.update(a, n.update(b, c)), "a // b // c"],
    ["(a // b) // c", n.update(n.update(a, b), c), "(a // b) // c"],
    ["(a -> b) -> c", n.implies(n.implies(a, b), c), "(a -> b) -> c"],
    ["a -> b -> c", n.implies(a, n.implies(b, c)), "a -> b -> c"],
    ["(a == b) == c is non-assoc", n.eq(n.eq(a, b), c), "(a == b) == c"],
    ["(x: x) 1", n.call(n.lambda("x", x), n.int(1)), "(x: x) 1"],
    ["f (g x)", n.call("f", n.call("g", x)), "f (g x)"],
    ["f (-1)", n.call("f", n.int(-1)), "f (-1)"],
    ["-f x is -(f x)", n.neg(n.call("f", x)), "-f x"],
    ["(-f) x", n.call(n.neg(n.id("f")), x), "(-f) x"],
    ["!a + b is !(a + b)", n.not(n.plus(a, b)), "!a + b"],
    ["(!a) + b", n.plus(n.not(a), b), "(!a) + b"],
    ["!a == b", n.eq(n.not(a), b), "!a == b"],
    ["(f x).y", n.sel(n.call("f", x), "y"), "(f x).y"],
    ["(./a.nix).x", n.sel(n.path("./a.nix"), "x"), "(./a.nix).x"],
    ["x.y or (f x)", n.selOr(x, ["y"], n.call("f", x)), "x.y or (f x)"],
    ["(a + b) ? c", n.hasAttr(n.plus(a, b), "c"), "(a + b) ? c"],
    [
      "[ (f x) (-1) a.b ]",
      n.list([n.call("f", x), n.int(-1), n.sel(a, "b")]),
      "[\n  (f x)\n  (-1)\n  a.b\n]",
    ],
    ["1 + (if a then b else c)", n.plus(n.int(1), n.if(a, b, c)), "1 + (if a then b else c)"],
    ["a ++ (b ++ c)", n.concat(a, n.concat(b, c)), "a ++ b ++ c"],
  ];
  for (const [name, expr, expected] of cases) it(name, () => expect(p(expr)).toBe(expected + "\n"));
});

describe("strings and keys", () => {
  it('escapes exactly \\, ", ${ and control characters in double-quoted strings', () => {
    expect(p(n.str('a\\b"c${d}$e\tf'))).toBe('"a\\\\b\\"c\\${d}$e\\tf"\n');
  });
  it("escapes '' and ${ in indented strings", () => {
    expect(p(n.str("a''b\n${c}\n"))).toBe("''\n  a'''b\n  ''${c}\n''\n");
  });
  it("escapes a literal $ before an interpolation", () => {
    expect(p(n.str`cost $${x}`)).toBe('"cost \\$${x}"\n');
  });
  it("interpolates nodes in tagged templates and escapes the text", () => {
    expect(p(n.str`${n.ref("mainK8sConfig.secretsPath")}/kubelet-tls-cert-file.pem`)).toBe(
      '"${mainK8sConfig.secretsPath}/kubelet-tls-cert-file.pem"\n',
    );
    expect(p(n.str`"${"${evil}"}"`)).toBe('"\\"\\${evil}\\""\n');
  });
  it("quotes attribute names only when Nix requires it", () => {
    expect(
      p(
        n.attrs({
          "k8s-kubelet": n.int(1),
          "kubelet.config.k8s.io": n.int(2),
          "foo bar": n.int(3),
          if: n.int(4),
          "1a": n.int(5),
          "": n.int(6),
          'q"${x}': n.int(7),
        }),
      ),
    ).toBe(
      '{\n  k8s-kubelet = 1;\n  "kubelet.config.k8s.io" = 2;\n  "foo bar" = 3;\n  "if" = 4;\n  "1a" = 5;\n  "" = 6;\n  "q\\"\\${x}" = 7;\n}\n',
    );
  });
  it("writes nested attribute paths", () => {
    expect(p(n.attrs([n.assign(["virtualisation", "containerd", "enable"], n.bool(true))]))).toBe(
      "{ virtualisation.containerd.enable = true; }\n",
    );
    expect(p(n.attrs([n.assign(["systemd", "services", "k8s-kubelet"], n.attrs({}))]))).toBe(
      "{ systemd.services.k8s-kubelet = { }; }\n",
    );
  });
  it("turns a one-line indented string into a double-quoted one", () => {
    expect(
      p({ type: "string", style: "indented", parts: [{ type: "text", raw: "simple ''$x" }] }),
    ).toBe('"simple \\$x"\n');
  });
});

describe("rejections", () => {
  const raw = (style: "double" | "indented", text: string): Expr => ({
    type: "string",
    style,
    parts: [{ type: "text", raw: text }],
  });
  const unsafe: Array<[string, Expr, RegExp]> = [
    ["an unescaped quote", raw("double", 'a"; x = "'), /unescaped `"`/],
    ["an unescaped ${", raw("double", "a${b}"), /unescaped `\$\{`/],
    ["a trailing backslash", raw("double", "a\\"), /lone backslash/],
    [
      "a bare '' in an indented string",
      raw("indented", "a\n'' + x + ''"),
      /not one of the escapes/,
    ],
    [
      "a $ before an interpolation",
      {
        type: "string",
        style: "double",
        parts: [
          { type: "text", raw: "a$" },
          { type: "interpolation", expr: x },
        ],
      },
      /literal `\$` right before an interpolation/,
    ],
    [
      "a lone ' before the closing ''",
      raw("indented", "a\nb'"),
      /literal `'` right before the closing `''`/,
    ],
  ];
  for (const [name, expr, message] of unsafe)
    it(`refuses raw string text with ${name}`, () => {
      expect(() => print(expr)).toThrowError(NixEmitError);
      expect(() => print(expr)).toThrowError(message);
    });
  it("accepts escaped quotes at the end of an indented string", () => {
    // `'''` is the escape of `''`, `''\'` the escape of `'`: neither leaves a lone quote.
    expect(print(raw("indented", "a\nb'''"))).toBe("''\n  a\n  b'''''\n");
    expect(print(raw("indented", "a\nb''\\'"))).toBe("''\n  a\n  b''\\'''\n");
  });
  it("refuses invalid identifiers in expressions", () => {
    expect(() => print(n.id("foo bar"))).toThrowError(/"foo bar" is not a valid Nix identifier/);
    expect(() => print(n.lambda("if", x))).toThrowError(/not a valid Nix parameter name/);
  });
  it("refuses out-of-range integer literals", () => {
    expect(() => print({ type: "int", value: 2n ** 63n })).toThrowError(
      /outside 0\.\.9223372036854775807/,
    );
  });
  it("refuses a bad width", () => {
    expect(() => print(x, { width: 0 })).toThrowError(/width must be a positive integer/);
  });
});

describe("deep nesting", () => {
  const deepList = (depth: number): Expr => {
    let e: Expr = n.int(1);
    for (let i = 0; i < depth; i++) e = n.list([e]);
    return e;
  };
  it("prints 200 levels", () => {
    const out = p(deepList(200));
    expect(out.startsWith("[\n  [\n")).toBe(true);
    expect(out.endsWith("]\n")).toBe(true);
  });
  it("prints 500 levels of lists, operators and calls", () => {
    let list: Expr = x;
    let sum: Expr = x;
    let call: Expr = x;
    for (let i = 1; i < 500; i++) {
      list = n.list([list]);
      sum = n.plus(sum, x);
      call = n.call("f", call);
    }
    expect(print(list).startsWith("[")).toBe(true);
    expect(print(sum)).toMatch(/^x\n *\+ x\n/);
    expect(print(call).startsWith("f (")).toBe(true);
  });
  it("prints 10,000 levels or fails with a clear error, never a stack overflow", () => {
    for (const make of [
      deepList,
      (d: number) => {
        let e: Expr = x;
        for (let i = 0; i < d; i++) e = n.plus(e, x);
        return e;
      },
      (d: number) => {
        let e: Expr = x;
        for (let i = 0; i < d; i++) e = n.call("f", e);
        return e;
      },
    ]) {
      try {
        print(make(10_000));
      } catch (e) {
        expect(e).toBeInstanceOf(NixEmitError);
        expect((e as Error).message).toMatch(/nested too deeply to print: depth 10001 exceeds 500/);
      }
    }
  });
});

describe("the seed's kubelet module", () => {
  it("is pleasant to write and prints in the official style", () => {
    const mainK8sConfig = n.id("mainK8sConfig");
    const body = n.let(
      {
        mainK8sConfig: n.ref("config.services.k8s"),
        kubeletConfig: n.attrs({
          tlsCertFile: n.str`${n.sel(mainK8sConfig, "secretsPath")}/kubelet-tls-cert-file.pem`,
          authorization: n.attrs({ mode: n.str("Webhook") }),
        }),
        kubeletConfigFile: n.call(
          "pkgs.writeText",
          n.str("kubelet-config"),
          n.call("builtins.toJSON", n.id("kubeletConfig")),
        ),
      },
      n.attrs({
        config: n.call(
          "lib.mkIf",
          n.ref("config.services.k8s-kubelet.enable"),
          n.attrs([n.assign(["virtualisation", "containerd", "enable"], n.bool(true))]),
        ),
      }),
    );
    expect(p(n.module(["config", "lib", "pkgs"], body))).toBe(
      `{
  config,
  lib,
  pkgs,
  ...
}:
let
  mainK8sConfig = config.services.k8s;
  kubeletConfig = {
    tlsCertFile = "\${mainK8sConfig.secretsPath}/kubelet-tls-cert-file.pem";
    authorization = {
      mode = "Webhook";
    };
  };
  kubeletConfigFile = pkgs.writeText "kubelet-config" (builtins.toJSON kubeletConfig);
in
{
  config = lib.mkIf config.services.k8s-kubelet.enable { virtualisation.containerd.enable = true; };
}
`,
    );
  });
});

describeWithNix("Nix accepts every printed expression of this file", () => {
  it("parses each one the same as the fully parenthesised rendering", () => {
    const sources = printed.flatMap(([text, e]) => [
      withFreeVariables(text),
      withFreeVariables(printFlat(e)),
    ]);
    const results = nixParseMany(sources);
    for (let i = 0; i < printed.length; i++) {
      const [mine, oracle] = [results[2 * i]!, results[2 * i + 1]!];
      expect(mine, printed[i]![0]).toMatchObject({ ok: true });
      expect(mine, `${printed[i]![0]}\n---\n${printFlat(printed[i]![1])}`).toEqual(oracle);
    }
    expect(printed.length).toBeGreaterThan(30);
  });
});
