import { describe, expect, it } from "vitest";
import { print } from "../print/print.js";
import { n } from "./build.js";
import { fromValue } from "./fromValue.js";
import { NixEmitError } from "../errors.js";

function errorOf(fn: () => unknown): NixEmitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NixEmitError) return e;
    throw e;
  }
  throw new Error("expected a NixEmitError");
}

describe("fromValue", () => {
  it("converts JSON-like values, keeping key order and quoting keys only when needed", () => {
    const v = {
      b: 1,
      a: [true, null, "x"],
      "k8s-kubelet": { "kubelet.config.k8s.io": 1.5 },
      "": -2,
    };
    expect(print(fromValue(v))).toBe(
      [
        "{",
        "  b = 1;",
        "  a = [",
        "    true",
        "    null",
        '    "x"',
        "  ];",
        "  k8s-kubelet = {",
        '    "kubelet.config.k8s.io" = 1.5;',
        "  };",
        '  "" = -2;',
        "}",
        "",
      ].join("\n"),
    );
  });
  it("skips undefined members and embeds builder nodes", () => {
    expect(print(fromValue({ a: undefined, b: n.ref("config.x") }))).toBe("{ b = config.x; }\n");
  });
  it("prints negative numbers in lists with parentheses", () => {
    expect(print(fromValue([-1, -0.5]))).toBe("[\n  (-1)\n  (-0.5)\n]\n");
  });
  it("prints non-safe integers as floats and large bigints as integers", () => {
    expect(print(fromValue(2 ** 53))).toBe("9007199254740992.0\n");
    expect(print(fromValue(9223372036854775807n))).toBe("9223372036854775807\n");
    expect(print(fromValue(-(2n ** 63n)))).toBe("-9223372036854775807 - 1\n");
    expect(print(fromValue(1e300))).toBe("1.0e300\n");
  });
  it("prints multi-line strings as indented strings", () => {
    expect(print(fromValue({ script: "echo hi\necho ${x}\n" }))).toBe(
      "{\n  script = ''\n    echo hi\n    echo ''${x}\n  '';\n}\n",
    );
  });

  const bad: Array<[string, unknown, string, string]> = [
    ["NaN", { a: [NaN] }, "$.a[0]", "NaN has no Nix equivalent"],
    ["Infinity", { a: Infinity }, "$.a", "Infinity has no Nix equivalent"],
    ["-Infinity", { a: -Infinity }, "$.a", "-Infinity has no Nix equivalent"],
    ["subnormal", { x: 5e-324 }, "$.x", "subnormal double"],
    ["big bigint", { x: 2n ** 63n }, "$.x", "outside Nix's signed 64-bit integer range"],
    [
      "Date",
      { users: [{ user: { "client-key": new Date(0) } }] },
      "$.users[0].user.client-key",
      "Date instance",
    ],
    ["Map", { m: new Map() }, "$.m", "Map instance"],
    ["function", { f: () => 1 }, "$.f", "a function cannot be converted"],
    ["symbol", { s: Symbol("x") }, "$.s", "a symbol cannot be converted"],
    ["NUL", { "a b": "x\u0000" }, '$["a b"]', "NUL character"],
    ["lone surrogate", ["\ud800"], "$[0]", "lone UTF-16 surrogate"],
    ["undefined at the top", undefined, "$", "undefined has no Nix equivalent"],
  ];
  for (const [name, value, path, message] of bad) {
    it(`rejects ${name} with its path`, () => {
      const err = errorOf(() => fromValue(value));
      expect(err.issues[0]!.path).toBe(path);
      expect(err.message).toContain(message);
      expect(err.message.startsWith(`${path}: `)).toBe(true);
    });
  }
  it("rejects cycles with the path where the cycle closes", () => {
    const a: Record<string, unknown> = { x: [1] };
    (a["x"] as unknown[]).push(a);
    const err = errorOf(() => fromValue(a));
    expect(err.issues[0]!.path).toBe("$.x[1]");
    expect(err.message).toContain("cycle");
  });
  it("accepts shared (non-cyclic) references", () => {
    const shared = { a: 1 };
    expect(print(fromValue({ x: shared, y: shared }))).toBe(
      "{\n  x = {\n    a = 1;\n  };\n  y = {\n    a = 1;\n  };\n}\n",
    );
  });
  it("converts 10,000 levels of nesting or fails with a clear error", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    let result: string | undefined;
    try {
      result = print(fromValue(deep));
    } catch (e) {
      expect(e).toBeInstanceOf(NixEmitError);
      expect((e as Error).message).toMatch(/nested too deeply/);
      return;
    }
    expect(result.startsWith("[")).toBe(true);
  });
});
