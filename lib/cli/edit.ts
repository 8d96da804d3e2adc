/**
 * `nix-emit edit`: set or remove bindings of a Nix file by attribute path, keeping every other byte.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createTwoFilesPatch } from "diff";
import * as E from "fp-ts/lib/Either.js";
import { editNix } from "../edit/document.js";
import { NixEmitError, formatIssue } from "../errors.js";
import { writeAtomic } from "../io/atomic.js";
import { type CliIO, type Command, ExitCode, NotUtf8Error, decodeUtf8 } from "./io.js";

export const EDIT_HELP = `Usage: nix-emit edit FILE [--set PATH=JSON]... [--remove PATH]... [--check]

Change bindings of a Nix file by attribute path (a.b."c.d".e), keeping every other byte: only the
edited binding is printed, in the official style. Edits apply in the order given; the file is
rewritten atomically, and not at all if any edit fails.

Options:
  --set PATH=JSON         set PATH to the JSON value (adds the binding if it is missing)
  --remove PATH           remove the binding at PATH (nothing happens if there is none)
  --check                 write nothing; print the diff and exit 1 if the file would change
  --allow-comment-loss    go on when an edit deletes a comment inside the changed binding
  -h, --help              show this help

Exit codes: 0 ok, 1 bad input or the file would change (--check), 2 usage error.
`;

type Edit = { kind: "set"; path: string; json: string } | { kind: "remove"; path: string };

/** `nix-emit edit` */
export const editCommand: Command = async (args, io: CliIO) => {
  const edits: Edit[] = [];
  const files: string[] = [];
  let check = false;
  let allowCommentLoss = false;
  const usage = (message: string) => {
    io.stderr(`nix-emit edit: ${message}\n\n${EDIT_HELP}`);
    return ExitCode.usage;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-h" || a === "--help") {
      io.stdout(EDIT_HELP);
      return ExitCode.ok;
    } else if (a === "--set") {
      const v = args[++i];
      const eq = v?.indexOf("=") ?? -1;
      if (v === undefined || eq <= 0) return usage("--set needs PATH=JSON");
      edits.push({ kind: "set", path: v.slice(0, eq), json: v.slice(eq + 1) });
    } else if (a === "--remove") {
      const v = args[++i];
      if (v === undefined || v === "") return usage("--remove needs a PATH");
      edits.push({ kind: "remove", path: v });
    } else if (a === "--check") check = true;
    else if (a === "--allow-comment-loss") allowCommentLoss = true;
    else if (a.startsWith("-")) return usage(`unknown option ${JSON.stringify(a)}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage("give exactly one FILE");
  if (edits.length === 0) return usage("give at least one --set or --remove");
  const file = files[0]!;
  const path = resolve(io.cwd, file);
  let source: string;
  try {
    source = decodeUtf8(await readFile(path), file);
  } catch (err) {
    if (err instanceof NotUtf8Error) {
      io.stderr(`nix-emit edit: ${err.message}\n`);
      return ExitCode.failure;
    }
    io.stderr(
      `nix-emit edit: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
    );
    return ExitCode.failure;
  }
  const opened = editNix(source, { file, comments: allowCommentLoss ? "allow" : "error" });
  if (E.isLeft(opened)) {
    io.stderr(`${opened.left.formatted}\n`);
    return ExitCode.failure;
  }
  const doc = opened.right;
  try {
    for (const edit of edits) {
      if (edit.kind === "remove") {
        if (!doc.remove(edit.path))
          io.stderr(`nix-emit edit: ${edit.path}: not bound; nothing removed\n`);
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(edit.json);
      } catch (err) {
        io.stderr(
          `nix-emit edit: ${edit.path}: the value is not JSON: ${(err as Error).message} (quote strings: --set 'a.b="text"')\n`,
        );
        return ExitCode.failure;
      }
      doc.set(edit.path, value);
    }
  } catch (err) {
    if (!(err instanceof NixEmitError)) throw err;
    io.stderr(
      `nix-emit edit: ${file}: nothing was written:\n${err.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}\n`,
    );
    return ExitCode.failure;
  }
  for (const c of doc.lostComments)
    io.stderr(`nix-emit edit: deleted comment ${JSON.stringify(c)}\n`);
  const edited = doc.toString();
  if (check) {
    if (edited === source) return ExitCode.ok;
    io.stdout(createTwoFilesPatch(`a/${file}`, `b/${file}`, source, edited));
    return ExitCode.failure;
  }
  // The file must still hold what was read (strict UTF-8 decoding: re-encoding gives its bytes).
  const written =
    edited === source
      ? undefined
      : writeAtomic(path, edited, { expected: { kind: "content", bytes: Buffer.from(source) } });
  if (written?._tag === "Left") {
    io.stderr(`nix-emit edit: ${formatIssue({ ...written.left, path: file })}\n`);
    return ExitCode.failure;
  }
  for (const what of written?._tag === "Right" ? written.right.notKept : [])
    io.stderr(`nix-emit edit: ${file}: warning: could not keep the file's ${what}\n`);
  return ExitCode.ok;
};
