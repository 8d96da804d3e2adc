/**
 * A folder lock for writers of a whole folder (`writeTree`, `nix-emit generate`): the file
 * `.nix-emit.lock`, created exclusively (`wx`) and holding the owner's process id. A second run
 * waits for it (up to a bound) and then refuses, naming the holder. A lock whose process is gone
 * (a killed run) is stale and taken over.
 *
 * @module
 */
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "../either.js";
import type { Issue } from "../errors.js";
import { processAlive } from "./atomic.js";

/** The lock file's name in the locked folder. */
export const LOCK_NAME = ".nix-emit.lock";

/** A lock file without a process id (its writer died between creating and filling it) this old is stale. */
const EMPTY_LOCK_STALE_MS = 10_000;

function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

function holderOf(path: string): { pid: number | undefined; ageMs: number } | undefined {
  try {
    const text = readFileSync(path, "utf8");
    const age = Date.now() - statSync(path).mtimeMs;
    const pid = /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
    return { pid, ageMs: age };
  } catch {
    return undefined;
  }
}

/**
 * Takes over a stale lock: moves it aside under a unique name (only one taker can move one file),
 * and puts it back if what was moved turns out to be a live lock taken meanwhile.
 */
function takeOverStale(path: string): void {
  const aside = `${path}.stale-${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = holderOf(aside);
  if (moved?.pid !== undefined && processAlive(moved.pid)) {
    try {
      linkSync(aside, path); // fails when a third run holds the lock now: then it is theirs
    } catch {
      // The folder has a newer lock.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Gone already.
  }
}

/**
 * Locks `dir` (which must exist). Waits up to `waitMs` for another run's lock; then refuses.
 * The result releases the lock.
 */
export async function lockFolder(
  dir: string,
  waitMs: number,
): Promise<E.Either<Issue, () => void>> {
  const path = join(dir, LOCK_NAME);
  const start = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return E.right(() => {
        try {
          if (holderOf(path)?.pid === process.pid) unlinkSync(path);
        } catch {
          // Already gone.
        }
      });
    } catch (err) {
      if (code(err) !== "EEXIST")
        return E.left({
          path: dir,
          message: `cannot lock the folder (${LOCK_NAME}): ${code(err)}`,
          hint: "check the folder's permissions",
        });
    }
    const holder = holderOf(path);
    const stale =
      holder !== undefined &&
      (holder.pid === undefined
        ? holder.ageMs > EMPTY_LOCK_STALE_MS
        : holder.pid !== process.pid && !processAlive(holder.pid));
    if (stale) {
      takeOverStale(path);
      continue;
    }
    if (Date.now() - start >= waitMs)
      return E.left({
        path: dir,
        message: `another nix-emit run (process ${holder?.pid ?? "unknown"}) is writing this folder; waited ${Math.round((Date.now() - start) / 1000)} s`,
        hint: `try again when it is done; if no such run exists, remove ${path}`,
      });
    await new Promise((r) => setTimeout(r, delay));
  }
}
