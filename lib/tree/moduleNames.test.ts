/** Module names that would clash with a file the tree writes itself. */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { defineModule, mkOption, t } from "../module/index.js";
import { renderTree } from "./render.js";

const module = (name: string) =>
  defineModule({ name, path: ["services", name], options: { x: mkOption(t.int, { default: 1 }) } });

describe("module names", () => {
  it('refuses a module named "default": it would replace the default.nix that imports the others', () => {
    const r = renderTree({ modules: [module("a"), module("default")] });
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r))
      expect(r.left).toEqual([
        expect.objectContaining({
          path: "default.nix",
          message: expect.stringContaining('a module named "default" would replace'),
        }),
      ]);
  });
  it("keeps default.nix importing every module otherwise", () => {
    const r = renderTree({ modules: [module("a"), module("b")] });
    if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
    expect(r.right.get("default.nix")).toContain("./a.nix");
    expect(r.right.get("default.nix")).toContain("./b.nix");
  });
});
