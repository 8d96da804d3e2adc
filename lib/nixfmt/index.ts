/**
 * Formatting Nix source the way the official formatter does: the fast reader (`read.ts`) reads the
 * source into nixfmt's tree, comments attached to tokens as nixfmt does; where it gives up,
 * tree-sitter-nix reads it (and reports syntax errors) and `fromCst` builds the same tree. Then
 * `pretty` applies nixfmt's rules, and the layout engine writes the text.
 *
 * @module
 */
import {
  MessageChannel,
  type MessagePort,
  Worker,
  receiveMessageOnPort,
} from "node:worker_threads";
import * as E from "../either.js";
import { checkedCst } from "../treesitter/cst.js";
import { type ParseError, SyntaxError_, makeError } from "../treesitter/errors.js";
import { fromCst } from "./fromCst.js";
import { readSource } from "./read.js";
import { type TreeOwner, layoutWholeTaking } from "./pretty.js";
import type { Expression, Whole } from "./tree.js";

/** Options of `formatSource`. */
export interface FormatSourceOptions {
  readonly width: number;
  readonly indent: number;
  readonly strict: boolean;
  readonly file?: string;
}

/**
 * Reads source into nixfmt's token tree: the fast reader, or tree-sitter where it gives up (and
 * reports syntax errors). The one reader behind `fmt`, `parse` and the prettier plugin.
 */
export function readTree(
  source: string,
  options: { readonly strict: boolean; readonly file?: string },
): E.Either<ParseError, Whole<Expression>> {
  const read = readSource(source, options.strict);
  if (read !== null) return E.right(read);
  const cst = checkedCst(source, options.file === undefined ? {} : { file: options.file });
  if (E.isLeft(cst)) return cst;
  try {
    return E.right(fromCst(source, cst.right, options.strict));
  } catch (err) {
    if (err instanceof SyntaxError_)
      return E.left(makeError(source, options.file ?? "<stdin>", err.index, err.message));
    throw err;
  }
}

/** Reads the source into `owner`'s tree (the syntax tree is released when this returns). */
function readTreeInto(
  owner: TreeOwner,
  source: string,
  options: FormatSourceOptions,
): ParseError | undefined {
  const tree = readTree(source, options);
  if (E.isLeft(tree)) return tree.left;
  owner.tree = tree.right;
  return undefined;
}

/** Formats Nix source text; a syntax error is a `Left`. */
export function formatSource(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, string> {
  const here = formatOnThisStack(source, options);
  if (here !== NESTED_TOO_DEEPLY) return here;
  // The reader and the printer recurse along the nesting: a deeper input is formatted again on a
  // thread whose stack is as large as memory allows.
  const there = onLargeStack(source, options);
  return (
    there ??
    E.left(makeError(source, options.file ?? "<stdin>", 0, "input nested too deeply to format"))
  );
}

const NESTED_TOO_DEEPLY = Symbol("nested too deeply");

function formatOnThisStack(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, string> | typeof NESTED_TOO_DEEPLY {
  try {
    // Each stage is handed over and released once the next is made (large files: memory).
    const owner: TreeOwner = { tree: null, noDisabledRegions: !source.includes("nixfmt:disable") };
    const error = readTreeInto(owner, source, options);
    if (error !== undefined) return E.left(error);
    return E.right(layoutWholeTaking(owner, options.width, options.indent));
  } catch (err) {
    if (err instanceof RangeError && /string length/i.test(err.message))
      return E.left(
        makeError(
          source,
          options.file ?? "<stdin>",
          0,
          "the formatted text is longer than the longest string JavaScript can hold (about 512 MiB): the input is nested too deeply to be indented",
        ),
      );
    if (err instanceof RangeError) return NESTED_TOO_DEEPLY;
    throw err;
  }
}

/** The stack of the thread that formats deeply nested input (reserved, used as needed). */
const LARGE_STACK_MB = 1024;

/** What the large-stack thread is given and answers. */
interface LargeStackTask {
  readonly source: string;
  readonly options: FormatSourceOptions;
  readonly port: MessagePort;
  readonly done: Int32Array;
}
type LargeStackAnswer =
  | { readonly k: "result"; readonly result: E.Either<ParseError, string> }
  | { readonly k: "deep" }
  | { readonly k: "failed"; readonly message: string };

/** This module as the thread loads it: itself, or beside the CLI bundle the ES module tsc wrote. */
function thisModule(): { readonly url: string; readonly ts: boolean } {
  const here = import.meta.url;
  if (here.endsWith(".cjs")) return { url: new URL("../nixfmt/index.js", here).href, ts: false };
  return { url: here, ts: here.endsWith(".ts") };
}

const THREAD = `
const { workerData } = require("node:worker_threads");
(async () => {
  try {
    if (workerData.ts) (await import("tsx/esm/api")).register();
    (await import(workerData.module)).formatOnLargeStack(workerData.task);
  } catch (err) {
    workerData.task.port.postMessage({ k: "failed", message: String(err && err.message || err) });
    Atomics.store(workerData.task.done, 0, 1);
    Atomics.notify(workerData.task.done, 0);
  }
})();
`;

/**
 * Formats on a thread with a stack of LARGE_STACK_MB, waiting for it (formatting stays
 * synchronous); `undefined` if even that stack is not enough or the thread cannot start.
 */
function onLargeStack(
  source: string,
  options: FormatSourceOptions,
): E.Either<ParseError, string> | undefined {
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { url, ts } = thisModule();
  const task: LargeStackTask = { source, options, port: port2, done };
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { module: url, ts, task },
    transferList: [port2],
    resourceLimits: { stackSizeMb: LARGE_STACK_MB },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  try {
    // The thread always answers (its failures included); it has no time limit, as formatting.
    Atomics.wait(done, 0, 0);
    const answer = receiveMessageOnPort(port1)?.message as LargeStackAnswer | undefined;
    return answer?.k === "result" ? answer.result : undefined;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** @internal The large-stack thread's side of `onLargeStack`. */
export function formatOnLargeStack(task: LargeStackTask): void {
  let answer: LargeStackAnswer;
  try {
    const r = formatOnThisStack(task.source, task.options);
    answer = r === NESTED_TOO_DEEPLY ? { k: "deep" } : { k: "result", result: r };
  } catch (err) {
    answer = { k: "failed", message: err instanceof Error ? err.message : String(err) };
  }
  task.port.postMessage(answer);
  Atomics.store(task.done, 0, 1);
  Atomics.notify(task.done, 0);
}
