/**
 * `npm pack` from a fresh clone (no dist/ yet): `prepack` must build, and the tarball must work in an
 * empty project: installed offline (dependencies from the npm cache), its binary runs `fmt`,
 * `generate --print-config` and `edit --help`, every export of package.json imports from plain
 * Node ESM with something in it, and a consumer file type-checks under `--strict`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyCheckout, isGitCheckout } from "./testing/checkout.js";
import { tempDirs } from "./testing/tempDirs.js";

const tempDir = tempDirs("nix-emit-pack-");
if (!isGitCheckout)
  process.stderr.write("SKIPPED packing a fresh clone: not a git checkout (git ls-files failed)\n");

/** A consumer using the public types under --strict, including a complete cluster description. */
const consumer = `
import { n, print } from "nix-emit";
import { type Cluster, renderCluster } from "nix-emit/k8s";
import { editNix } from "nix-emit/edit";
const cluster: Cluster = {
  nodes: [{ name: "h", addresses: ["10.0.0.1"], roles: ["controller", "worker"] }],
};
const tree = renderCluster(cluster);
const text: string = print(n.attrs({ a: n.int(1) }));
void tree;
void text;
void editNix;
`;

describe.skipIf(!isGitCheckout)("the packed tarball from a fresh clone", () => {
  it("builds on pack and works in an empty project", { timeout: 600_000 }, () => {
    const tmp = tempDir();
    const src = copyCheckout(join(tmp, "src"));
    const proj = join(tmp, "proj");
    execFileSync("mkdir", [proj]);
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", proj], {
        cwd: src,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/bin/main.cjs",
        "dist/edit/index.js",
      ]),
    );

    const pkg = JSON.parse(readFileSync(join(src, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
      allowScripts: Record<string, boolean>;
    };
    writeFileSync(
      join(proj, "package.json"),
      JSON.stringify({
        name: "consumer",
        private: true,
        type: "module",
        allowScripts: pkg.allowScripts,
      }),
    );
    const tarball = readdirSync(proj).find((f) => f.endsWith(".tgz"))!;
    execFileSync(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        `./${tarball}`,
        "typescript@5",
        "@types/node@20",
      ],
      { cwd: proj, stdio: "pipe" },
    );

    const bin = join(proj, "node_modules/.bin/nix-emit");
    const fmt = spawnSync(bin, ["fmt"], { cwd: proj, input: "{a=1;}", encoding: "utf8" });
    expect(fmt.stdout).toBe("{ a = 1; }\n");
    const config = spawnSync(bin, ["generate", "--print-config"], { cwd: proj, encoding: "utf8" });
    expect(config.status, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout)).toHaveProperty("nodes");
    const edit = spawnSync(bin, ["edit", "--help"], { cwd: proj, encoding: "utf8" });
    expect(edit.status, edit.stderr).toBe(0);
    expect(edit.stdout).toContain("nix-emit edit");

    // Every export, imported as a user's ESM program does.
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
    const script = `
      const out = {};
      for (const sub of ${JSON.stringify(subpaths)}) {
        const m = await import(sub === "." ? "nix-emit" : "nix-emit" + sub.slice(1));
        out[sub] = Object.keys(m).length;
      }
      process.stdout.write(JSON.stringify(out));`;
    writeFileSync(join(proj, "imports.mjs"), script);
    const counts = JSON.parse(
      execFileSync(process.execPath, ["imports.mjs"], { cwd: proj, encoding: "utf8" }),
    ) as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual([...subpaths].sort());
    for (const [sub, count] of Object.entries(counts))
      expect(count, `${sub} exports nothing`).toBeGreaterThan(0);

    writeFileSync(join(proj, "consumer.ts"), consumer);
    const tsc = spawnSync(
      join(proj, "node_modules/.bin/tsc"),
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
      { cwd: proj, encoding: "utf8" },
    );
    expect(tsc.status, tsc.stdout).toBe(0);
  });
});
