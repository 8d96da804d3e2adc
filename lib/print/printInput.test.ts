/** `print` of something that is not a node: a short error naming its kind and first keys. */
import { describe, expect, it } from "vitest";
import { n } from "../ast/build.js";
import type { Expr } from "../ast/nodes.js";
import { NixEmitError } from "../errors.js";
import { print } from "./print.js";

/** A large value: a 5,000-binding set, as a parsed document would be. */
const big = n.attrs(
  Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, n.str("x".repeat(50))])),
);

function message(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof NixEmitError) return err.message;
    throw err;
  }
  throw new Error("did not throw");
}

describe("print of a value that is not a node", () => {
  it("names an Either's kind and keys, not its content", () => {
    const m = message(() => print({ _tag: "Right", right: big } as unknown as Expr));
    expect(m).toContain("an object with keys _tag, right");
    expect(m).toContain("Either");
    expect(m.length).toBeLessThan(400);
  });
  it("bounds the message for objects, lists, null and primitives", () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`key${i}`, big]));
    for (const [value, words] of [
      [wide, "keys key0, key1, key2, key3, key4, … (1000 keys)"],
      [[big, big], "a list of 2 item(s)"],
      [null, "null"],
      ["text", "a string"],
      [{ type: "nonsense", payload: big }, 'of type "nonsense"'],
    ] as const) {
      const m = message(() => print(value as unknown as Expr));
      expect(m).toContain(words);
      expect(m.length).toBeLessThan(400);
    }
  });
  it("bounds the message for a non-node inside a node", () => {
    const inner = { payload: big, more: 1 } as unknown as Expr;
    const m = message(() => print(n.list([n.int(1), inner])));
    expect(m.length).toBeLessThan(400);
    expect(m).toContain("payload");
  });
});
