/**
 * `nix-emit edit`: set or remove bindings of a Nix file by attribute path, keeping every other byte.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createTwoFilesPatch } from "diff";
import * as E from "fp-ts/lib/Either.js";
import { type Edit, editNix } from "../edit/document.js";
import { assignmentSplit } from "../edit/path.js";
import { type Issue, formatIssue } from "../errors.js";
import { writeAtomic } from "../io/atomic.js";
import { readEditValue } from "./editArgs.js";
import { type CliIO, type Command, ExitCode, NotUtf8Error, decodeUtf8 } from "./io.js";

export const EDIT_HELP = `Usage: nix-emit edit FILE [--set PATH=JSON]... [--remove PATH]... [--append PATH=JSON]...
                     [--remove-item PATH=JSON]... [--set-let PATH=JSON]... [--remove-let PATH]...
                     [--check]

Change bindings of a Nix file by attribute path, keeping every other byte: only the edited binding
or list item is printed, in the official style. Edits apply in the order given; each is re-read
and checked; the file is rewritten atomically, and not at all if any edit is refused.

Paths go through sets, the set argument of lib.mkOption/mkIf/mkDefault/mkForce/mkOverride/mkMerge
(and the like) and list items by index (after.0). Names other than letters, digits, _ ' - are
quoted: a."b.c=d"."say \\"hi\\"" (\\" is a quote, \\\\ a backslash inside quotes); PATH=JSON splits at
the first = outside quotes. JSON numbers with a . or an exponent are floats (1.0); a value that
is a Nix path (./etcd.nix) rather than JSON is a path.

Options:
  --set PATH=JSON         set PATH to the JSON value (adds the binding if it is missing)
  --remove PATH           remove the binding (or list item, imports.2) at PATH (nothing happens if
                          there is none)
  --append PATH=JSON      add the value at the end of the list at PATH (created when missing; a
                          value already in imports is not added twice)
  --remove-item PATH=JSON remove the first item of the list at PATH equal to the value
  --set-let PATH=JSON     set the let binding at PATH (port, or cfg.port inside cfg = { … }); a
                          --set whose first name is only a let binding is refused, never added
                          beside it
  --remove-let PATH       remove the let binding at PATH (refused while the name is still used)
  --check                 write nothing; print the diff and exit 1 if the file would change
  --allow-comment-loss    go on when an edit deletes a comment inside the changed binding
  -h, --help              show this help

Exit codes: 0 ok, 1 bad input or the file would change (--check), 2 usage error.
`;

type Arg =
  | { kind: "set" | "set-let" | "append" | "remove-item"; path: string; json: string }
  | { kind: "remove" | "remove-let"; path: string };

/** The editor's operation for one command-line argument. */
function asEdit(arg: Arg, value: unknown): Edit {
  switch (arg.kind) {
    case "set":
      return { op: "set", path: arg.path, value };
    case "set-let":
      return { op: "setLet", path: arg.path, value };
    case "append":
      return { op: "append", path: arg.path, value };
    case "remove-item":
      return { op: "removeItem", path: arg.path, item: { value } };
    case "remove":
      return { op: "remove", path: arg.path };
    case "remove-let":
      return { op: "removeLet", path: arg.path };
    default: {
      const unknown: never = arg;
      throw new Error(`unknown edit ${JSON.stringify(unknown)}`);
    }
  }
}

/** `nix-emit edit` */
export const editCommand: Command = async (args, io: CliIO) => {
  const edits: Arg[] = [];
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
    } else if (a === "--set" || a === "--set-let" || a === "--append" || a === "--remove-item") {
      const v = args[++i];
      // An unterminated quote leaves no `=` outside quotes: split at the first `=` so that the
      // path's own error is shown.
      const eq =
        v === undefined ? -1 : assignmentSplit(v) < 0 ? v.indexOf("=") : assignmentSplit(v);
      if (v === undefined || eq <= 0) return usage(`${a} needs PATH=JSON`);
      edits.push({
        kind: a === "--set-let" ? "set-let" : (a.slice(2) as "set" | "append" | "remove-item"),
        path: v.slice(0, eq),
        json: v.slice(eq + 1),
      });
    } else if (a === "--remove" || a === "--remove-let") {
      const v = args[++i];
      if (v === undefined || v === "") return usage(`${a} needs a PATH`);
      edits.push({ kind: a === "--remove" ? "remove" : "remove-let", path: v });
    } else if (a === "--check") check = true;
    else if (a === "--allow-comment-loss") allowCommentLoss = true;
    else if (a.startsWith("-")) return usage(`unknown option ${JSON.stringify(a)}`);
    else files.push(a);
  }
  if (files.length !== 1) return usage("give exactly one FILE");
  if (edits.length === 0)
    return usage(
      "give at least one --set, --remove, --append, --remove-item, --set-let or --remove-let",
    );
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
  const refuse = (issue: Issue) => {
    io.stderr(`nix-emit edit: ${file}: nothing was written: ${formatIssue(issue)}\n`);
    return ExitCode.failure;
  };
  for (const edit of edits) {
    let value: unknown;
    if ("json" in edit) {
      const read = readEditValue(edit.json);
      if (E.isLeft(read))
        return refuse({
          path: edit.path,
          message: `the value is neither JSON nor a Nix path: ${read.left}`,
          hint: `quote strings: --set 'a.b="text"'`,
        });
      value = read.right;
    }
    const done = doc.apply(asEdit(edit, value));
    if (E.isLeft(done)) return refuse(done.left);
    if (!done.right && (edit.kind === "remove" || edit.kind === "remove-let"))
      io.stderr(`nix-emit edit: ${edit.path}: not bound; nothing removed\n`);
    if (!done.right && edit.kind === "remove-item")
      io.stderr(`nix-emit edit: ${edit.path}: no such item; nothing removed\n`);
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
