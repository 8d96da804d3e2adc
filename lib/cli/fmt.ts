/**
 * `nix-emit fmt`: format Nix files in the official style.
 *
 * @module
 */
import {
  chmodSync,
  chownSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import * as E from "../either.js";
import { formatText } from "../print/formatText.js";
import { DEFAULT_INDENT, DEFAULT_WIDTH } from "../print/options.js";
import { type CliIO, type Command, ExitCode, NotUtf8Error, decodeUtf8 } from "./io.js";

export { formatText, type FormatOptions } from "../print/formatText.js";

export const FMT_HELP = `Usage: nix-emit fmt [options] [FILE...]

Format Nix code in the official style (nixfmt, RFC 166). Without FILE, read standard input and
write standard output; with FILEs, rewrite each in place (atomically).

Options:
  --check        write nothing; list the files that would change and exit 1 if any would
  --width N      target line width (default 100)
  --indent N     indentation step (default 2)
  --strict       input-independent layout (nixfmt --strict); by default, sets and lists written
                 over several lines stay expanded
  -h, --help     show this help

Exit codes: 0 ok, 1 a file would change (--check) or does not parse, 2 usage error.
`;

interface FmtArgs {
  check: boolean;
  strict: boolean;
  width: number;
  indent: number;
  files: string[];
  help: boolean;
}

function parseArgs(args: readonly string[]): FmtArgs | string {
  const out: FmtArgs = {
    check: false,
    strict: false,
    width: DEFAULT_WIDTH,
    indent: DEFAULT_INDENT,
    files: [],
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const number = (name: "width" | "indent", min: number): string | undefined => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < min)
        return `--${name} needs a whole number${min > 0 ? ` of at least ${min}` : ""}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`;
      out[name] = Number(v);
      return undefined;
    };
    if (a === "--check") out.check = true;
    else if (a === "--strict") out.strict = true;
    else if (a === "-h" || a === "--help") out.help = true;
    else if (a === "--width" || a.startsWith("--width=")) {
      const err = number("width", 1);
      if (err) return err;
    } else if (a === "--indent" || a.startsWith("--indent=")) {
      const err = number("indent", 0);
      if (err) return err;
    } else if (a === "--") (out.files.push(...args.slice(i + 1)), (i = args.length));
    else if (a.startsWith("-") && a !== "-") return `unknown option ${a}`;
    else out.files.push(a);
  }
  return out;
}

/**
 * Writes `text` to `path` through a temporary file beside it and a rename, keeping the file's mode
 * (set explicitly: the umask would narrow it) and, when running as root, its owner.
 */
export async function writeAtomically(path: string, text: string): Promise<void> {
  // A name unique to this process and call, created exclusively ("wx": never over another file).
  // Not node:crypto: loading it cost every `nix-emit fmt` a few milliseconds of start-up; nor
  // node:fs/promises (2–3 ms): the writes come one after another, after all the formatting.
  const unique = `${process.pid}.${Date.now().toString(36)}.${(tmpCounter++).toString(36)}`;
  const tmp = join(dirname(path), `.${basename(path)}.${unique}.tmp`);
  try {
    const old = statSync(path, { throwIfNoEntry: false });
    writeFileSync(tmp, text, { flag: "wx" });
    if (old) {
      chmodSync(tmp, old.mode & 0o7777);
      if (process.getuid?.() === 0) chownSync(tmp, old.uid, old.gid);
    }
    renameSync(tmp, path);
  } catch (err) {
    // EEXIST: the name was taken and that file is not ours to remove.
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") rmSync(tmp, { force: true });
    throw err;
  }
}

let tmpCounter = 0;

/** `nix-emit fmt` */
export const fmtCommand: Command = async (args, io: CliIO) => {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`nix-emit fmt: ${parsed}\n\n${FMT_HELP}`);
    return ExitCode.usage;
  }
  if (parsed.help) {
    io.stdout(FMT_HELP);
    return ExitCode.ok;
  }
  const options = { width: parsed.width, indent: parsed.indent, strict: parsed.strict };
  if (parsed.files.length === 0 || (parsed.files.length === 1 && parsed.files[0] === "-")) {
    let input: string;
    try {
      input = await io.readStdin();
    } catch (err) {
      if (!(err instanceof NotUtf8Error)) throw err;
      io.stderr(`nix-emit fmt: ${err.message}\n`);
      return ExitCode.failure;
    }
    io.beforeWork?.(input.length);
    const result = formatText(input, { ...options, file: "<stdin>" });
    if (E.isLeft(result)) {
      io.stderr(result.left.formatted + "\n");
      return ExitCode.failure;
    }
    if (parsed.check) {
      if (result.right !== input) {
        io.stdout("<stdin>\n");
        return ExitCode.failure;
      }
      return ExitCode.ok;
    }
    io.stdout(result.right);
    return ExitCode.ok;
  }
  // Format everything first: a file that does not parse stops the run before anything is written.
  // Everything is read before any formatting, so that the process can be tuned for its size.
  const inputs: Array<{ path: string; name: string; input: string }> = [];
  let failed = false;
  let length = 0;
  for (const name of parsed.files) {
    const path = resolve(io.cwd, name);
    try {
      // Read synchronously: formatting is the work and runs on this thread either way; awaiting
      // each read left the process idle about 10% of a run over nixpkgs lib.
      const input = decodeUtf8(readFileSync(path), name);
      inputs.push({ path, name, input });
      length += input.length;
    } catch (err) {
      io.stderr(
        err instanceof NotUtf8Error
          ? `nix-emit fmt: ${err.message}\n`
          : `nix-emit fmt: cannot read ${name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`,
      );
      failed = true;
    }
  }
  io.beforeWork?.(length);
  const results: Array<{ path: string; name: string; input: string; output: string }> = [];
  for (const { path, name, input } of inputs) {
    const result = formatText(input, { ...options, file: name });
    if (E.isLeft(result)) {
      io.stderr(result.left.formatted + "\n");
      failed = true;
      continue;
    }
    results.push({ path, name, input, output: result.right });
  }
  if (failed) {
    io.stderr("nix-emit fmt: nothing was written\n");
    return ExitCode.failure;
  }
  const changed = results.filter((r) => r.output !== r.input);
  if (parsed.check) {
    for (const r of changed) io.stdout(`${r.name}\n`);
    return changed.length > 0 ? ExitCode.failure : ExitCode.ok;
  }
  for (const r of changed) await writeAtomically(r.path, r.output);
  return ExitCode.ok;
};
