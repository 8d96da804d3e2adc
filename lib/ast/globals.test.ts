import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { describeWithNix, nixEvalJson, nixVersion } from "../testing/nix.js";
import { NIX_GLOBALS } from "./globals.js";

/** Whether Nix accepts `name` as a bare variable (`--parse` rejects unbound names). */
const isGlobal = (name: string) =>
  spawnSync("nix-instantiate", ["--parse", "-E", name], { encoding: "utf8" }).status === 0;

describeWithNix("Nix's global names", () => {
  it("are exactly what the installed Nix binds (every builtin, with and without __)", () => {
    const builtins = nixEvalJson("builtins.attrNames builtins") as string[];
    const candidates = [...new Set(builtins.flatMap((b) => [b, `__${b}`]))];
    const fromNix = new Set(candidates.filter(isGlobal));
    for (const name of NIX_GLOBALS) expect(isGlobal(name), name).toBe(true);
    // Newer Nix versions may add globals; on the version the list was taken from it is exact.
    if (nixVersion().endsWith(" 2.8.0")) expect(new Set(NIX_GLOBALS)).toEqual(fromNix);
    else for (const name of NIX_GLOBALS) expect(fromNix.has(name), name).toBe(true);
  });
  it("a name outside the list is not bound", () => {
    expect(NIX_GLOBALS.has("cfg")).toBe(false);
    expect(isGlobal("cfg")).toBe(false);
  });
});
