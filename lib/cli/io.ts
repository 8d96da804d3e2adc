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
      return Buffer.concat(chunks).toString("utf8");
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
