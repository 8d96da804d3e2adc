/**
 * The one way nix-emit replaces a file: `fmt`, `edit`, `generate` and `writeTree` all write here.
 *
 * - **Links are followed**: a symbolic link's final target is rewritten and the link stays
 *   (`links: "replace"` replaces the link itself, for callers that refuse links before).
 * - **Temporary file**: `.<name>.nix-emit-<pid>-<random>.tmp`, created exclusively (`wx`) in the
 *   target's folder, fsynced, renamed over the target; removed on every error path. A run killed
 *   before its rename leaves one behind: the next write into that folder removes such files whose
 *   process is gone (or that are older than {@link LEFTOVER_AGE_MS}), never a live run's.
 * - **Metadata**: the mode, with set-id and sticky bits, and the owner and group are copied to the
 *   new file as far as the OS allows (owner: only as root; group: as root or a member). Set-id bits
 *   are copied only when the owner (setuid) or group (setgid) was kept, so a rewrite never makes a
 *   set-id file owned by someone else; what was not kept is reported. Never kept: extended
 *   attributes and ACLs, hard links (the other names keep the old content), the inode number.
 * - **Unchanged since read**: before the rename the target is compared with what the caller read
 *   (size, modification time and the bytes themselves); if another program wrote it meanwhile,
 *   nothing is written and the caller gets an error. The window between that check and the rename
 *   is a few system calls.
 *
 * Every failure is returned (`Either`), never thrown.
 *
 * @module
 */
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import type { Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as E from "../either.js";
import type { Issue } from "../errors.js";

/** What the caller read, so the writer can tell whether the file changed since. */
export type Expected =
  /** The file must still not exist. */
  | { readonly kind: "absent" }
  /** The file must still hold these bytes (and, when given, have this size and mtime). */
  | { readonly kind: "content"; readonly bytes: Uint8Array; readonly stamp?: FileStamp }
  /** No check. */
  | { readonly kind: "any" };

/** Size and modification time (nanoseconds) of a file as it was read. */
export interface FileStamp {
  readonly size: bigint;
  readonly mtimeNs: bigint;
}

/** A file read for rewriting: its bytes and the stamp to check before writing it back. */
export interface ReadForRewrite {
  readonly bytes: Buffer;
  readonly expected: Expected;
}

export interface WriteOptions {
  /** What the target must still be (default `any`). */
  readonly expected?: Expected;
  /** `follow` (default): write a link's target and keep the link; `replace`: replace the link. */
  readonly links?: "follow" | "replace";
  /** Mode of a new file (default 0o666, narrowed by the umask). */
  readonly mode?: number;
}

/** What a successful write could not carry over from the file it replaced (empty: everything). */
export interface WriteResult {
  readonly notKept: readonly string[];
}

/** Leftover temporary files older than this are removed even when their process id is in use. */
export const LEFTOVER_AGE_MS = 60 * 60 * 1000;

/** The temporary files nix-emit makes: `.<name>.nix-emit-<pid>-<random>.tmp`. */
export const TEMP_NAME = /^\..*\.nix-emit-(\d+)-[0-9a-z]+\.tmp$/;

/**
 * Testing hook: milliseconds to pause after the temporary file is written and before the check and
 * rename (`NIX_EMIT_TEST_PAUSE_MS`), so tests can kill a run or write the file in that window.
 */
function testPause(): void {
  const ms = Number(process.env["NIX_EMIT_TEST_PAUSE_MS"] ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function code(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/** Whether process `pid` exists (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

const cleaned = new Set<string>();

/**
 * Removes the temporary files of earlier nix-emit runs in `dir` whose process is gone or that are
 * older than {@link LEFTOVER_AGE_MS}; once per folder and process. Returns the names removed.
 */
export function removeLeftovers(dir: string): string[] {
  if (cleaned.has(dir)) return [];
  cleaned.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) continue;
      if (processAlive(pid) && Date.now() - st.mtimeMs < LEFTOVER_AGE_MS) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

/**
 * Reads `path` (following links) with what the writer needs to check it is unchanged later. The
 * error's message is the system's code (`ENOENT`).
 */
export function readForRewrite(path: string): E.Either<Issue, ReadForRewrite> {
  try {
    const before = statSync(path, { bigint: true });
    const bytes = readFileSync(path);
    return E.right({
      bytes,
      expected: {
        kind: "content",
        bytes,
        stamp: { size: before.size, mtimeNs: before.mtimeNs },
      },
    });
  } catch (err) {
    return E.left({ path, message: code(err) });
  }
}

/** The file a write to `path` lands in: a link's final target, or `path` itself. */
function resolveTarget(path: string, links: "follow" | "replace"): E.Either<Issue, string> {
  let st: Stats | undefined;
  try {
    st = lstatSync(path, { throwIfNoEntry: false });
  } catch (err) {
    return E.left({ path, message: `cannot look at the file: ${code(err)}` });
  }
  if (!st?.isSymbolicLink() || links === "replace") return E.right(path);
  try {
    return E.right(realpathSync(path));
  } catch (err) {
    return E.left({
      path,
      message: `is a symbolic link that leads nowhere (${code(err)})`,
      hint: "fix or remove the link",
    });
  }
}

function tempPath(target: string): string {
  // The name part is shortened so that the temporary name stays within the 255-byte limit.
  let name = basename(target);
  while (Buffer.byteLength(name) > 200) name = name.slice(0, -1);
  const random = Math.floor(Math.random() * 2 ** 48).toString(36);
  return join(dirname(target), `.${name}.nix-emit-${process.pid}-${random}.tmp`);
}

/** Why the target is no longer what the caller read, or undefined when it is. */
function changedSince(target: string, expected: Expected): string | undefined {
  if (expected.kind === "any") return undefined;
  const now = statSync(target, { bigint: true, throwIfNoEntry: false });
  if (expected.kind === "absent")
    return now === undefined ? undefined : "was created by another program meanwhile";
  if (now === undefined) return "was removed by another program meanwhile";
  const bytes = expected.bytes;
  if (
    now.size !== BigInt(bytes.length) ||
    (expected.stamp && now.mtimeNs !== expected.stamp.mtimeNs)
  )
    return "was changed by another program since it was read";
  const current = readFileSync(target);
  return current.equals(bytes) ? undefined : "was changed by another program since it was read";
}

/** A temporary file written beside its target, waiting to be renamed over it. */
export interface PreparedWrite {
  /** Why the target is no longer what the caller read, or undefined when it is. */
  readonly check: () => string | undefined;
  /** Checks the target once more and renames the temporary file over it. */
  readonly commit: () => E.Either<Issue, WriteResult>;
  /** Removes the temporary file. */
  readonly abort: () => void;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already gone.
  }
}

/**
 * Writes `data` to a temporary file beside `path`'s target with the target's metadata; nothing is
 * replaced until `commit`. `writeTree` prepares every file before it renames any.
 */
export function prepareWrite(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): E.Either<Issue, PreparedWrite> {
  const resolved = resolveTarget(path, options.links ?? "follow");
  if (E.isLeft(resolved)) return resolved;
  const target = resolved.right;
  removeLeftovers(dirname(target));
  let old: Stats | undefined;
  try {
    old = lstatSync(target, { throwIfNoEntry: false });
  } catch (err) {
    return E.left({ path, message: `cannot look at the file: ${code(err)}` });
  }
  if (old && !old.isFile() && !old.isSymbolicLink())
    return E.left({ path, message: "is not a regular file", hint: "write a regular file" });
  let tmp = tempPath(target);
  let fd: number | undefined;
  let done = false;
  const notKept: string[] = [];
  try {
    for (let attempt = 0; fd === undefined; attempt++) {
      try {
        fd = openSync(tmp, "wx", options.mode ?? 0o666);
      } catch (err) {
        // EEXIST: the name was taken and that file is not ours; try another name.
        if (code(err) !== "EEXIST" || attempt >= 5) throw err;
        tmp = tempPath(target);
      }
    }
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    if (old?.isFile()) keepMetadata(fd, old, notKept);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    done = true;
  } catch (err) {
    return E.left({
      path,
      message: `cannot write: ${code(err)}; the file was left as it was`,
      hint: "check the folder's permissions and free space",
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (!done) removeQuietly(tmp);
  }
  const expected = options.expected ?? { kind: "any" };
  const check = (): string | undefined => {
    try {
      return changedSince(target, expected);
    } catch (err) {
      return `cannot be read again to check it (${code(err)})`;
    }
  };
  let finished = false;
  return E.right({
    check,
    abort: () => {
      if (!finished) removeQuietly(tmp);
      finished = true;
    },
    commit: () => {
      if (finished) return E.left({ path, message: "was already written or given up" });
      finished = true;
      testPause();
      const changed = check();
      if (changed) {
        removeQuietly(tmp);
        return E.left({
          path,
          message: `${changed}; nothing was written`,
          hint: "look at the change, then run the command again",
        });
      }
      try {
        renameSync(tmp, target);
      } catch (err) {
        removeQuietly(tmp);
        return E.left({
          path,
          message: `cannot write: ${code(err)}; the file was left as it was`,
          hint: "check the folder's permissions",
        });
      }
      syncFolder(dirname(target));
      return E.right({ notKept });
    },
  });
}

/**
 * Replaces `path` with `data` atomically (see the module comment). `path` is reported in errors as
 * given.
 */
export function writeAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): E.Either<Issue, WriteResult> {
  const prepared = prepareWrite(path, data, options);
  return E.isLeft(prepared) ? prepared : prepared.right.commit();
}

/** Copies owner, group and mode (set-id bits only where the owner or group was kept) to `fd`. */
function keepMetadata(fd: number, old: Stats, notKept: string[]): void {
  const uid = process.getuid?.() ?? old.uid;
  const gid = process.getgid?.() ?? old.gid;
  let ownerKept = uid === old.uid;
  let groupKept = gid === old.gid;
  if (!ownerKept || !groupKept) {
    // Root can give the file back to its owner; anyone can give it to a group they belong to.
    try {
      fchownSync(fd, uid === 0 ? old.uid : uid, old.gid);
      groupKept = true;
      ownerKept = uid === 0 || ownerKept;
    } catch {
      // Not permitted: the new file keeps this process's group.
    }
  }
  if (!ownerKept) notKept.push(`owner (uid ${old.uid}; only root can keep it)`);
  if (!groupKept) notKept.push(`group (gid ${old.gid})`);
  let mode = old.mode & 0o7777;
  if (!ownerKept && mode & 0o4000) ((mode &= ~0o4000), notKept.push("setuid bit (owner changed)"));
  if (!groupKept && mode & 0o2000) ((mode &= ~0o2000), notKept.push("setgid bit (group changed)"));
  // After chown: chown clears the set-id bits.
  fchmodSync(fd, mode);
}

function syncFolder(dir: string): void {
  // The rename is durable once the folder is; not every file system lets a folder be fsynced.
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort.
  }
}
