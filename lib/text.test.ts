/** Text that must follow the code: API docs entry points, the bench's aim, the README's test setup. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

describe("text that follows the code", () => {
  it("typedoc documents every export of package.json", () => {
    const exports = Object.keys(
      (JSON.parse(read("package.json")) as { exports: Record<string, unknown> }).exports,
    ).filter((k) => k !== "./package.json");
    const entries = (JSON.parse(read("typedoc.json")) as { entryPoints: string[] }).entryPoints;
    expect([...entries].sort()).toEqual(
      exports.map((e) => (e === "." ? "lib/index.ts" : `lib/${e.slice(2)}/index.ts`)).sort(),
    );
  });

  it("the bench states the README's aim for print(fromValue(v)) against JSON.stringify", () => {
    const readme = /JSON\.stringify`[^(]*\(the aim is (\d+)×/.exec(read("README.md"));
    expect(readme, "README: (the aim is N×)").not.toBeNull();
    expect(read("bench/run.ts")).toContain(`(aim: within ${readme![1]}x)`);
  });

  it("the README says how to get every oracle of a full test run, and keeps its two-command quick start", () => {
    const readme = read("README.md");
    for (const variable of ["NIXPKGS_LIB", "NIXFMT", "NIXFMT_SUITE"])
      expect(readme, variable).toMatch(
        new RegExp(`\`${variable}\`[^\\n]*\\n?[^\\n]*(git clone|nix|install)`),
      );
    expect(readme).toContain("npm ci && npm run generate");
    expect(readme).toMatch(/^npm test\b/m);
  });
});
