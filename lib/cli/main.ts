#!/usr/bin/env node
/**
 * The `nix-emit` command line: dispatches to the subcommands.
 *
 * @module
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CliIO, type Command, ExitCode, processIO } from "./io.js";

export const MAIN_HELP = `Usage: nix-emit <command> [options]

Commands:
  fmt [FILE...]   format Nix code in the official style (nixfmt, RFC 166)
  edit FILE       set or remove bindings by attribute path, keeping every other byte
  generate        write the Kubernetes NixOS module tree for a cluster node

Options:
  -h, --help      show this help (also: nix-emit <command> --help)
  --version       print the version

Exit codes: 0 ok, 1 check failed or bad input, 2 usage error.
`;

/** Subcommands, loaded on demand so that `--help` never loads the native parser. */
const commands: Record<string, () => Promise<Command>> = {
  fmt: async () => (await import("./fmt.js")).fmtCommand,
  edit: async () => (await import("./edit.js")).editCommand,
  generate: async () => (await import("./generate.js")).generateCommand,
};

function version(): string {
  const pkg = JSON.parse(
    readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8"),
  ) as { version: string };
  return pkg.version;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    (first === undefined ? io.stderr : io.stdout)(MAIN_HELP);
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (first === "--version" || first === "-V") {
    io.stdout(`${version()}\n`);
    return ExitCode.ok;
  }
  const load = commands[first];
  if (!load) {
    io.stderr(`nix-emit: unknown command ${JSON.stringify(first)}\n\n${MAIN_HELP}`);
    return ExitCode.usage;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (err) {
    io.stderr(`nix-emit ${first}: ${(err as Error).message}\n`);
    return ExitCode.failure;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nix-emit: ${String(err)}\n`);
      process.exitCode = ExitCode.failure;
    },
  );
}
