/**
 * The edges of the CLI: every command is a function of its arguments and this I/O record, so tests
 * can run commands in-process with captured output.
 *
 * @module
 */

import { createRequire } from "node:module";

/** What a CLI command may touch besides the file system. */
export interface CliIO {
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Working directory for relative paths. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (colours only then, and never with NO_COLOR). */
  readonly isTTY: boolean;
  /**
   * Told how many characters of input a command is about to work through, before it starts: the
   * real process may tune the runtime for it (`processIO`); captured I/O ignores it.
   */
  readonly beforeWork?: (inputLength: number) => void;
}

/** Input that is not UTF-8: Nix files are UTF-8, and decoding anyway would change their strings. */
export class NotUtf8Error extends Error {
  constructor(name: string, offset: number, byte: number) {
    super(
      `${name}: not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} at offset ${offset}); Nix files are UTF-8: convert it first (e.g. iconv -f latin1 -t utf-8)`,
    );
    this.name = "NotUtf8Error";
  }
}

// ignoreBOM keeps a byte-order mark in the text, so the parser can refuse it as Nix does.
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes UTF-8, refusing invalid bytes (a lenient decoder would turn them into U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Find the first offending byte for the message.
    for (let i = 0; i < bytes.length; i++) {
      const len =
        bytes[i]! < 0x80
          ? 1
          : bytes[i]! >> 5 === 6
            ? 2
            : bytes[i]! >> 4 === 14
              ? 3
              : bytes[i]! >> 3 === 30
                ? 4
                : 0;
      if (len === 0) throw new NotUtf8Error(name, i, bytes[i]!);
      try {
        strictUtf8.decode(bytes.subarray(i, i + len));
      } catch {
        throw new NotUtf8Error(name, i, bytes[i]!);
      }
      i += len - 1;
    }
    throw new NotUtf8Error(name, 0, bytes[0] ?? 0);
  }
}

/** Exit codes of every command: 0 ok, 1 check failed or bad input, 2 usage error. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** A CLI command: parses its own arguments, returns the exit code. */
export type Command = (args: readonly string[], io: CliIO) => Promise<number>;

/**
 * Input length (characters) from which the binary turns off V8's inlining. A formatting process
 * is short and runs a lot of code once: most of it finishes before V8's optimising compiler has
 * caught up, and that compiler, on a background thread, spent more time than the run itself (2 s
 * of compile work during a 1 s run over nixpkgs lib), mostly inlining. Without inlining a run over
 * nixpkgs lib takes ~25% less time (the formatter's first pass: ~860 -> ~650 ms in one process); a
 * single very large file ~5% more. Below this size the difference is lost in noise, and loading
 * node:v8 (3–4 ms) is not worth it.
 */
const NO_INLINING_FROM_LENGTH = 64 * 1024;

/** One line on stderr and exit 1: the output is lost (`/dev/full`: ENOSPC; a bad descriptor: EBADF). */
function stdoutFailed(code: string): never {
  const why: Record<string, string> = {
    ENOSPC: "no space left on device",
    EBADF: "it is closed",
    EIO: "input/output error",
  };
  process.stderr.write(
    `nix-emit: cannot write to standard output: ${code}${why[code] ? ` (${why[code]})` : ""}\n`,
  );
  process.exit(ExitCode.failure);
}

/** The real process I/O. */
export function processIO(): CliIO {
  let tuned = false;
  let stdoutGuarded = false;
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return decodeUtf8(Buffer.concat(chunks), "<stdin>");
    },
    // The standard streams are made on first use: making one loads Node's stream modules, a few
    // milliseconds that `nix-emit fmt --check` on unchanged files never needs.
    stdout: (text) => {
      if (!stdoutGuarded) {
        stdoutGuarded = true;
        process.stdout.on("error", (err: NodeJS.ErrnoException) => {
          // `nix-emit fmt big.nix | head`: a reader that goes away is not an error worth a trace.
          if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
          stdoutFailed(err.code ?? err.message);
        });
      }
      process.stdout.write(text);
    },
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    get isTTY() {
      return Boolean(process.stderr.isTTY);
    },
    beforeWork: (inputLength) => {
      if (tuned || inputLength < NO_INLINING_FROM_LENGTH) return;
      tuned = true;
      // Loaded here, not at the top: other runs need not pay for node:v8.
      const v8 = createRequire(import.meta.url)("node:v8") as typeof import("node:v8");
      v8.setFlagsFromString("--no-turbo-inlining");
    },
  };
}

/** Captured I/O for tests. */
export function memoryIO(
  stdin = "",
  options: { cwd?: string; env?: Record<string, string> } = {},
): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    readStdin: async () => stdin,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}
