/**
 * A copy of this checkout as a user's fresh clone has it: the files git tracks (and new files it does
 * not ignore), with their working-tree content, and nothing else (no dist/, no node_modules, no
 * `../shared` beside it).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The repository's root folder. */
export const checkoutRoot = resolve(import.meta.dirname, "../..");

const listed = spawnSync(
  "git",
  ["-C", checkoutRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
  { encoding: "utf8" },
);

/** Whether this is a git checkout (a tarball or a copy is not: the fresh-clone tests skip). */
export const isGitCheckout = listed.status === 0;

/**
 * Copies the checkout's files into `dest` (created) and links `dest/node_modules` to this checkout's,
 * so the copy runs without `npm ci`. Returns `dest`.
 */
export function copyCheckout(dest: string): string {
  if (!isGitCheckout) throw new Error(`not a git checkout: ${checkoutRoot}`);
  for (const file of listed.stdout.split("\0").filter((f) => f !== "")) {
    if (!existsSync(join(checkoutRoot, file))) continue; // deleted, not yet committed
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(checkoutRoot, file), join(dest, file));
  }
  symlinkSync(join(checkoutRoot, "node_modules"), join(dest, "node_modules"));
  return dest;
}
