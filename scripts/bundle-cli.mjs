/**
 * `npm run build:cli`: the `nix-emit` binary as CommonJS bundles in `dist/bin/` (after `tsc` has
 * written `dist/`): `main.cjs`, which parses the command line, and one bundle per command, loaded
 * only when that command runs.
 *
 * Why not the ES modules tsc writes: Node 20 spends about 12 ms starting its ES module loader and
 * more resolving each of the ~20 files `nix-emit fmt` loads; these bundles start `nix-emit fmt` in
 * about 30 ms over a bare `node -e 0`, against about 55 ms (issue 13's cold-start target: 40).
 * The native parser (tree-sitter, tree-sitter-nix) and prettier stay outside, loaded from
 * node_modules as before.
 */
import { readFile } from "node:fs/promises";
import { build } from "esbuild";

const COMMANDS = ["fmt", "edit", "generate"];
const commandImport = new RegExp(`import\\("\\./(${COMMANDS.join("|")})\\.js"\\)`, "g");

/** main.js loads each command with `import("./fmt.js")`: in the bundle, a require of its own file. */
const commandsApart = {
  name: "commands-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/\w+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /[\\/]cli[\\/]main\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(commandImport, 'Promise.resolve(require("./$1.cjs"))');
      if (contents === source) throw new Error("bundle-cli: main.js no longer loads its commands");
      return { contents, loader: "js" };
    });
  },
};

await build({
  entryPoints: ["dist/cli/main.js", ...COMMANDS.map((c) => `dist/cli/${c}.js`)],
  outdir: "dist/bin",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["tree-sitter", "tree-sitter-nix", "prettier"],
  // The sources locate files next to themselves (package.json, the example cluster, the parser):
  // dist/bin/ is as deep as dist/cli/, so the same relative paths hold.
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__importMetaUrl" },
  plugins: [commandsApart],
  logLevel: "warning",
});
