/**
 * Temporary directories for tests, removed when the test file ends (a CI run made about a
 * thousand of them and left them all in the system's temp folder).
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * A maker of fresh directories named `<prefix>XXXXXX` in the system's temp folder; call it at the
 * top of a test file (it registers the cleanup with `afterAll`).
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
