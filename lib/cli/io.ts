/**
 * The edges of the CLI: every command is a function of its arguments and this I/O record, so tests
 * can run commands in-process with captured output.
 *
 * @module
 */

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

/** The real process I/O. */
export function processIO(): CliIO {
  return {
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return decodeUtf8(Buffer.concat(chunks), "<stdin>");
    },
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
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
