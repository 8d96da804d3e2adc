/** What `npm pack` ships: the built library, its types, README, LICENSE and package.json only. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixRequired } from "./testing/nix.js";

const root = join(import.meta.dirname, "..");
const built = existsSync(join(root, "dist/index.js"));
if (!built && !nixRequired())
  process.stderr.write("SKIPPED (run npm run build first): npm pack contents\n");

describe.skipIf(!built && !nixRequired())(
  `npm pack${built ? "" : " [needs npm run build]"}`,
  () => {
    it("ships dist (with types), README, LICENSE, package.json and the example cluster, and no tests or fixtures", () => {
      const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: root,
        encoding: "utf8",
      });
      const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
        (f) => f.path,
      );
      const outside = files.filter(
        (f) =>
          !f.startsWith("dist/") &&
          !["README.md", "LICENSE", "package.json", "examples/cluster.json"].includes(f),
      );
      expect(outside).toEqual([]);
      expect(files).toEqual(
        expect.arrayContaining([
          "dist/index.js",
          "dist/index.d.ts",
          "dist/bin/main.cjs",
          "dist/k8s/index.d.ts",
          "README.md",
          "LICENSE",
          "examples/cluster.json",
        ]),
      );
      expect(files.filter((f) => /\.test\.|\/testing\//.test(f))).toEqual([]);
    });
    it("points every export of package.json at a shipped file", () => {
      const pkg = JSON.parse(
        execFileSync("cat", [join(root, "package.json")], { encoding: "utf8" }),
      ) as {
        exports: Record<string, string | { types: string; import: string }>;
        bin: Record<string, string>;
      };
      for (const [name, target] of Object.entries(pkg.exports)) {
        const paths = typeof target === "string" ? [target] : [target.types, target.import];
        for (const p of paths) expect(existsSync(join(root, p)), `${name}: ${p}`).toBe(true);
      }
      for (const bin of Object.values(pkg.bin)) expect(existsSync(join(root, bin))).toBe(true);
    });
  },
);
