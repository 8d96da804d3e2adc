/**
 * `nix-emit fmt`: format Nix files in the official style.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as E from "../either.js";
import { formatIssue } from "../errors.js";
import { type Expected, readForRewrite, writeAtomic } from "../io/atomic.js";
import { formatText } from "../print/formatText.js";
import { DEFAULT_INDENT, DEFAULT_WIDTH } from "../print/options.js";
import { type CliIO, type Command, ExitCode, NotUtf8Error, decodeUtf8 } from "./io.js";

export { formatText, type FormatOptions } from "../print/formatText.js";

export const FMT_HELP = `Usage: nix-emit fmt [options] [FILE...]

Format Nix code in the official style (nixfmt, RFC 166). Without FILE, read standard input and
write standard output; with FILEs, rewrite each in place (atomically; a symbolic link's target
is rewritten and the link kept). Each file is handled on its own: one that does not parse is
reported and left as it was, the others are still formatted (or listed, with --check).

Options:
  --check        write nothing; list the files that would change and exit 1 if any would
  --verify       before writing, check with Nix (nix-instantiate) that the formatted
                 text means the same as the input; a file whose meaning would change is
                 reported and left as it was
  --width N      target line width (default 100)
  --indent N     indentation step (default 2)
  --strict       input-independent layout (nixfmt --strict); by default, sets and lists written
                 over several lines stay expanded
  -h, --help     show this help

Files over ${"${"}MAX_INPUT_BYTES / 1024 / 1024} MiB are refused before reading (environment:
NIX_EMIT_MAX_BYTES raises or lowers the limit).

Exit codes: 0 ok, 1 a file would change (--check), does not parse or could not be written,
2 usage error.
`;

/**
 * The largest input formatted, in bytes. The benchmarks' 20 MB file formats; a 50 MB file ran out
 * of V8's heap after minutes (issue 23), so larger files are refused before they are read.
 */
export const MAX_INPUT_BYTES = 25 * 1024 * 1024;

function maxInputBytes(io: CliIO): number {
  const v = io.env["NIX_EMIT_MAX_BYTES"];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : MAX_INPUT_BYTES;
}

function tooLarge(name: string, size: number, limit: number): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `nix-emit fmt: ${name}: ${size} bytes (${mib(size)}) is over the limit of ${limit} bytes (${mib(limit)}); left as it was (set NIX_EMIT_MAX_BYTES to change the limit)\n`;
}

interface FmtArgs {
  check: boolean;
  verify: boolean;
  strict: boolean;
  width: number;
  indent: number;
  files: string[];
  help: boolean;
}

function parseArgs(args: readonly string[]): FmtArgs | string {
  const out: FmtArgs = {
    check: false,
    verify: false,
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
    else if (a === "--verify") out.verify = true;
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

/** `nix-instantiate --parse` of each text (free variables allowed); undefined where Nix refused it. */
function nixParseAll(texts: readonly string[]): Array<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "nix-emit-verify-"));
  try {
    return texts.map((text, i) => {
      const file = join(dir, `${i}.nix`);
      // `with { };` lets Nix accept variables bound outside the file; meaning is unaffected.
      writeFileSync(file, `with { }; (\n${text}\n)`);
      const r = spawnSync("nix-instantiate", ["--parse", file], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env: { ...process.env, NIX_REMOTE: "" },
      });
      return r.status === 0 ? r.stdout : undefined;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `nix-instantiate --parse` output with each string value in one canonical form: an indented
 * string prints as the concatenation of its fragments (`("" + "\r" + "\n  x")`), and where the
 * fragments are cut, or whether an empty one leads, depends on the layout, not on the value. Runs
 * of literals joined by ` + ` become one literal, and parentheses around a lone literal go.
 */
export function canonicalParse(text: string): string {
  type Token = { lit: string } | { text: string };
  const tokens: Token[] = [];
  let plain = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') {
      plain += text[i];
      continue;
    }
    let value = "";
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === "\\") {
        const c = text[++i];
        value += c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : (c ?? "");
      } else value += text[i];
    }
    tokens.push({ text: plain }, { lit: value });
    plain = "";
  }
  tokens.push({ text: plain });
  // Merge `lit + lit`, then drop `(lit)`, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 1; i + 2 < tokens.length; i += 2) {
      const [a, op, b] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
      if ("lit" in a && "text" in op && op.text === " + " && "lit" in b) {
        tokens.splice(i, 3, { lit: a.lit + b.lit });
        changed = true;
        i -= 2;
      }
    }
    for (let i = 1; i < tokens.length - 1; i += 2) {
      const before = tokens[i - 1]!;
      const after = tokens[i + 1]!;
      if (
        "text" in before &&
        "text" in after &&
        before.text.endsWith("(") &&
        after.text.startsWith(")")
      ) {
        tokens[i - 1] = { text: before.text.slice(0, -1) };
        tokens[i + 1] = { text: after.text.slice(1) };
        changed = true;
      }
    }
  }
  return tokens.map((t) => ("lit" in t ? JSON.stringify(t.lit) : t.text)).join("");
}

function hasNixInstantiate(): boolean {
  return spawnSync("nix-instantiate", ["--version"], { encoding: "utf8" }).status === 0;
}

/**
 * Why `after` may not replace `before` (`--verify`): Nix must read both to the same expression
 * (`nix-instantiate --parse` prints string values after escapes and indentation are resolved, and
 * no comments or layout).
 */
function meaningChange(before: string, after: string): string | undefined {
  const [b, a] = nixParseAll([before, after]);
  if (b === undefined)
    return "Nix (nix-instantiate --parse) does not read the input, so it cannot be verified";
  if (a === undefined)
    return "Nix does not read the formatted text (a bug in nix-emit: please report it)";
  return canonicalParse(a) === canonicalParse(b)
    ? undefined
    : "the formatted text would mean something else to Nix (nix-instantiate --parse differs; a bug shared with nixfmt or in nix-emit: please report it)";
}

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
    const bytes = Buffer.byteLength(input, "utf8");
    if (bytes > maxInputBytes(io)) {
      io.stderr(tooLarge("<stdin>", bytes, maxInputBytes(io)));
      return ExitCode.failure;
    }
    if (parsed.verify && !hasNixInstantiate()) {
      io.stderr("nix-emit fmt: --verify needs nix-instantiate (Nix) on the PATH\n");
      return ExitCode.usage;
    }
    io.beforeWork?.(input.length);
    const result = formatText(input, { ...options, file: "<stdin>" });
    if (E.isLeft(result)) {
      io.stderr(result.left.formatted + "\n");
      return ExitCode.failure;
    }
    const why =
      parsed.verify && result.right !== input ? meaningChange(input, result.right) : undefined;
    if (why) {
      io.stderr(`nix-emit fmt: <stdin>: ${why}\n`);
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
  // Each file on its own, as nixfmt: a file that cannot be read, does not parse or cannot be
  // written is reported and left as it was; the others are formatted (or listed).
  // Everything is read before any formatting, so that the process can be tuned for its size.
  const limit = maxInputBytes(io);
  const inputs: Array<{ path: string; name: string; input: string; expected: Expected }> = [];
  let failed = false;
  let length = 0;
  for (const name of parsed.files) {
    const path = resolve(io.cwd, name);
    const size = statSync(path, { throwIfNoEntry: false })?.size;
    if (size !== undefined && size > limit) {
      io.stderr(tooLarge(name, size, limit));
      failed = true;
      continue;
    }
    // Read synchronously: formatting is the work and runs on this thread either way; awaiting
    // each read left the process idle about 10% of a run over nixpkgs lib.
    const read = readForRewrite(path);
    if (E.isLeft(read)) {
      io.stderr(`nix-emit fmt: cannot read ${name}: ${read.left.message}\n`);
      failed = true;
      continue;
    }
    try {
      const input = decodeUtf8(read.right.bytes, name);
      inputs.push({ path, name, input, expected: read.right.expected });
      length += input.length;
    } catch (err) {
      if (!(err instanceof NotUtf8Error)) throw err;
      io.stderr(`nix-emit fmt: ${err.message}\n`);
      failed = true;
    }
  }
  if (parsed.verify && !hasNixInstantiate()) {
    io.stderr("nix-emit fmt: --verify needs nix-instantiate (Nix) on the PATH\n");
    return ExitCode.usage;
  }
  io.beforeWork?.(length);
  let wouldChange = false;
  for (const { path, name, input, expected } of inputs) {
    const result = formatText(input, { ...options, file: name });
    if (E.isLeft(result)) {
      io.stderr(result.left.formatted + "\n");
      failed = true;
      continue;
    }
    const output = result.right;
    if (output === input) continue;
    if (parsed.verify) {
      const why = meaningChange(input, output);
      if (why) {
        io.stderr(`nix-emit fmt: ${name}: ${why}; left as it was\n`);
        failed = true;
        continue;
      }
    }
    if (parsed.check) {
      io.stdout(`${name}\n`);
      wouldChange = true;
      continue;
    }
    const written = writeAtomic(path, output, { expected });
    if (E.isLeft(written)) {
      io.stderr(`nix-emit fmt: ${formatIssue({ ...written.left, path: name })}\n`);
      failed = true;
    } else
      for (const what of written.right.notKept)
        io.stderr(`nix-emit fmt: ${name}: warning: could not keep the file's ${what}\n`);
  }
  return failed || wouldChange ? ExitCode.failure : ExitCode.ok;
};
