/**
 * A consumer's view: pack the package, install the tarball into a fresh project (from the npm
 * registry for the dependencies), type-check a TypeScript program against the shipped types, run a
 * plain Node ESM script, and run the `nix-emit` binary. Needs `npm run build` first (CI builds
 * before testing) and the npm registry.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nixRequired } from "./testing/nix.js";
import { tempDirs } from "./testing/tempDirs.js";

const consumerDir = tempDirs("nix-emit-consumer-");

const root = join(import.meta.dirname, "..");
const built = existsSync(join(root, "dist/index.js"));
if (!built && !nixRequired())
  process.stderr.write("SKIPPED (run npm run build first): consumer install test\n");

const program = `
import { n, print } from "nix-emit";
import { defineModule, mkOption, renderModuleOrThrow, t } from "nix-emit/module";
import { validateKubeletConfiguration } from "nix-emit/k8s";
const m = defineModule({ name: "x", path: ["services", "x"], options: { port: mkOption(t.port, { default: 80 }) } });
const port: number | undefined = m.cfg.port._value;
void port;
process.stdout.write(print(renderModuleOrThrow(m)));
process.stdout.write(print(n.attrs({ ok: n.bool(validateKubeletConfiguration({ clusterDomain: "x" })._tag === "Right") })));
`;

describe.skipIf(!built && !nixRequired())(
  `installing the packed package${built ? "" : " [needs npm run build]"}`,
  () => {
    it("type-checks, runs and provides the binary", () => {
      const dir = consumerDir();
      execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], {
        cwd: root,
        stdio: "pipe",
      });
      const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({
          name: "consumer",
          private: true,
          type: "module",
          allowScripts: { "tree-sitter": true, "tree-sitter-nix": true },
        }),
      );
      const npm = (args: string[]) =>
        execFileSync("npm", args, { cwd: dir, stdio: "pipe", encoding: "utf8" });
      npm(["install", "--no-audit", "--no-fund", `./${tarball}`, "typescript@5", "@types/node@20"]);
      writeFileSync(join(dir, "consumer.ts"), program);
      writeFileSync(join(dir, "consumer.mjs"), program.replace(/: number \| undefined/, ""));
      execFileSync(
        join(dir, "node_modules/.bin/tsc"),
        [
          "--noEmit",
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--types",
          "node",
          "consumer.ts",
        ],
        {
          cwd: dir,
          stdio: "pipe",
        },
      );
      const out = execFileSync(process.execPath, ["consumer.mjs"], { cwd: dir, encoding: "utf8" });
      expect(out).toContain("options.services.x = {");
      expect(out).toContain("{ ok = true; }");
      expect(npm(["exec", "--", "nix-emit", "--help"])).toContain("Usage: nix-emit <command>");
    }, 300_000);
  },
);
