/**
 * `npm run generate`: the main job. Writes the example cluster's Kubernetes module tree to
 * `out/k8s/` (through the same code as `nix-emit generate`), checks every file with
 * `nix-instantiate --parse`, and prints a short report. Exits non-zero on any failure.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { formatIssue } from "../lib/errors.js";
import { renderCluster } from "../lib/k8s/index.js";
import { writeTree } from "../lib/tree/index.js";
import { exampleCluster } from "./cluster.js";

const outDir = join(import.meta.dirname, "../out/k8s");
const tree = renderCluster(exampleCluster);
const result = E.isLeft(tree) ? tree : await writeTree(outDir, tree.right);
if (E.isLeft(result)) {
  console.error(result.left.map((i) => formatIssue(i)).join("\n"));
  process.exit(1);
}
const files = [...result.right.changed, ...result.right.unchanged].sort();
let bytes = 0;
let failures = 0;
for (const name of files) {
  const path = join(outDir, name);
  bytes += readFileSync(path).length;
  const check = spawnSync("nix-instantiate", ["--parse", path], { encoding: "utf8" });
  if (check.error) {
    console.error(`cannot run nix-instantiate (${check.error.message}): install nix-bin to check`);
    failures++;
  } else if (check.status !== 0) {
    console.error(`${name}: nix-instantiate --parse failed:\n${check.stderr}`);
    failures++;
  }
}
console.log(
  `nix-emit generate: ${files.length} files (${files.join(", ")}), ${bytes} bytes in ${outDir}`,
);
console.log(
  `  written: ${result.right.changed.length}, unchanged: ${result.right.unchanged.length}, removed: ${result.right.removed.length}`,
);
console.log(`nix-instantiate --parse: ${files.length - failures}/${files.length} passed`);
process.exitCode = failures === 0 ? 0 : 1;
