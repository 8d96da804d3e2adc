import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { formatText } from "../cli/fmt.js";
import plugin from "./index.js";

const root = join(import.meta.dirname, "../..");
const fixtures = join(root, "fixtures/nixfmt");

describe("prettier plugin", () => {
  it("gives the same bytes as nix-emit fmt", async () => {
    for (const name of ["apply", "comments", "module_header", "strings_indented", "lambdas"]) {
      const src = readFileSync(join(fixtures, `${name}.in.nix`), "utf8");
      const viaPrettier = await prettier.format(src, { parser: "nix", plugins: [plugin] });
      const viaFmt = formatText(src);
      expect(E.isRight(viaFmt)).toBe(true);
      expect(viaPrettier).toBe(E.isRight(viaFmt) ? viaFmt.right : "");
    }
  });
  it("maps printWidth and tabWidth", async () => {
    const out = await prettier.format("{ a = { b = 1; }; }", {
      parser: "nix",
      plugins: [plugin],
      printWidth: 20,
      tabWidth: 4,
    });
    expect(out).toBe("{\n    a = {\n        b = 1;\n    };\n}\n");
  });
  it("reports syntax errors with their position", async () => {
    await expect(prettier.format("{ a = ", { parser: "nix", plugins: [plugin] })).rejects.toThrow(
      /1:6: syntax error/,
    );
  });
  it.skipIf(!existsSync(join(root, "dist/prettier/index.js")))(
    "works as `prettier --plugin nix-emit/prettier --write` (needs npm run build)",
    () => {
      // Inside the package, so that `nix-emit/prettier` resolves to this package (self-reference).
      const dir = mkdtempSync(join(root, ".tmp-prettier-test-"));
      const src = readFileSync(join(fixtures, "apply.in.nix"), "utf8");
      writeFileSync(join(dir, "x.nix"), src);
      execFileSync(
        join(root, "node_modules/.bin/prettier"),
        ["--plugin", "nix-emit/prettier", "--write", "x.nix"],
        { cwd: dir, stdio: "pipe" },
      );
      try {
        expect(readFileSync(join(dir, "x.nix"), "utf8")).toBe(
          E.getOrElse(() => "")(formatText(src)),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
