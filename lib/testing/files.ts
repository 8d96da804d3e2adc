/**
 * The `.nix` files under a folder, for tests that read corpora and fixtures.
 *
 * @module
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every `.nix` file under `dir` (paths joined to `dir`), in sorted order, subfolders included. */
export function nixFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...nixFilesUnder(p));
    else if (e.name.endsWith(".nix")) out.push(p);
  }
  return out;
}
