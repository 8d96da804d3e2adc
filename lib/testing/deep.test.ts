/**
 * Very deep inputs (10,000 levels) in every layer: each one works or fails with a clear, typed error
 * (NixEmitError, ParseError), never a stack overflow or a crash.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { fromValue } from "../ast/fromValue.js";
import { NixEmitError } from "../errors.js";
import { parse } from "../parse/index.js";
import { printFlat } from "./flat.js";
import { print } from "../print/print.js";
import { deepSources, deepTrees, deepValues } from "./deep.js";

const DEPTH = 10_000;

function worksOrClearError(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(NixEmitError);
    expect((err as Error).message).toMatch(message);
  }
}

describe(`${DEPTH} levels of nesting`, () => {
  for (const [name, make] of Object.entries(deepTrees)) {
    it(`print and printFlat: ${name}`, () => {
      const tree = make(DEPTH);
      worksOrClearError(() => print(tree), /nested too deeply to print/);
      worksOrClearError(() => printFlat(tree), /nested too deeply to print/);
    });
  }
  for (const [name, make] of Object.entries(deepSources)) {
    it(`parse: ${name}`, () => {
      const r = parse(make(DEPTH));
      if (E.isLeft(r)) expect(r.left.formatted).toMatch(/nested too deeply|syntax error/);
    });
  }
  for (const [name, make] of Object.entries(deepValues)) {
    it(`fromValue: ${name}`, () => {
      worksOrClearError(() => fromValue(make(DEPTH)), /nested too deeply/);
    });
  }
});
