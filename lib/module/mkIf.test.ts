/** `mkIf` takes only boolean conditions: by type (typed references) and at run time. */
import { beforeAll, describe, expect, it } from "vitest";
import { n } from "../ast/build.js";
import type { Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { print } from "../print/print.js";
import { repoLib, typeErrors } from "../testing/typecheck.js";
import { defineModule, mkEnableOption, mkIf, mkOption, t } from "./index.js";

const m = defineModule({
  name: "m",
  path: ["services", "m"],
  options: {
    enable: mkEnableOption("m"),
    port: mkOption(t.port, { default: 80 }),
    name: mkOption(t.str, { default: "x" }),
  },
});

const refused = (cond: Expr): string => {
  try {
    mkIf(cond, {});
  } catch (err) {
    if (err instanceof NixEmitError) return err.message;
    throw err;
  }
  return "accepted";
};

describe("mkIf conditions", () => {
  it("accepts booleans: options, literals, comparisons, logic, calls and untyped references", () => {
    for (const cond of [
      m.cfg.enable,
      n.bool(true),
      n.eq(m.cfg.port, n.int(80)),
      n.not(m.cfg.enable),
      n.or(m.cfg.enable, n.ref("config.services.x.enable")),
      n.call("lib.versionAtLeast", n.ref("lib.version"), n.str("24.05")),
    ])
      expect(refused(cond)).toBe("accepted");
    expect(print(mkIf(m.cfg.enable, { a: 1 }))).toBe(
      "lib.mkIf config.services.m.enable { a = 1; }\n",
    );
  });

  it("refuses at run time what cannot be a boolean, naming it", () => {
    expect(refused(m.cfg.port as unknown as Expr)).toContain(
      "mkIf: the condition must be a boolean, got a reference to an option of type 16 bit unsigned integer",
    );
    expect(refused(m.cfg.name as unknown as Expr)).toContain("option of type string");
    expect(refused(n.int(1))).toContain("an integer");
    expect(refused(n.str("yes"))).toContain("a string");
    expect(refused(n.attrs({}))).toContain("an attribute set");
    expect(refused(n.plus(n.int(1), n.int(2)))).toContain("the result of +");
    expect(refused(n.id("null"))).toContain("null");
  });

  describe("types (tsc --strict)", () => {
    let errors: string[][] = [];
    const snippet = (cond: string) =>
      `import { defineModule, mkEnableOption, mkIf, mkOption, t } from "${repoLib}/module/index.js";
const m = defineModule({ name: "m", path: ["services", "m"], options: { enable: mkEnableOption("m"), port: mkOption(t.port, { default: 80 }) } });
export const x = mkIf(${cond}, {});\n`;
    beforeAll(() => {
      errors = typeErrors([snippet("m.cfg.enable"), snippet("m.cfg.port")]);
    });
    it("a boolean option compiles", () => expect(errors[0]).toEqual([]));
    it("a number-typed option does not", () =>
      expect(errors[1]!.join("\n")).toMatch(/not assignable to parameter of type 'Condition'/));
  });
});
