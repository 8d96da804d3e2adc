import fc from "fast-check";
import { expect, it } from "vitest";
import { print } from "../print/print.js";
import { describeWithNix, nixEval } from "../testing/nix.js";
import { fromValue } from "./fromValue.js";
import { dottedPaths } from "./transform.js";

const key = fc.constantFrom("a", "b", "services", "k8s-kubelet", "x.y", "");
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.integer(),
    fc.string({ maxLength: 3 }),
    fc.dictionary(key, tie("node"), { maxKeys: 2 }),
  ),
})).node;

it("writes single-binding nested sets as dotted paths", () => {
  const e = dottedPaths(fromValue({ systemd: { services: { kubelet: { a: 1, b: { c: 2 } } } } }));
  expect(print(e)).toBe("{\n  systemd.services.kubelet = {\n    a = 1;\n    b.c = 2;\n  };\n}\n");
});

describeWithNix("dotted paths", () => {
  it("mean the same to Nix as the nested sets (500 generated values)", () => {
    const values = fc.sample(fc.dictionary(key, tree, { maxKeys: 3 }), { numRuns: 500, seed: 7 });
    const pairs = values.map(
      (v) => `(${print(fromValue(v))}) == (${print(dottedPaths(fromValue(v)))})`,
    );
    expect(nixEval(`builtins.all (x: x) [\n${pairs.map((p) => `(${p})`).join("\n")}\n]`)).toBe(
      "true",
    );
    expect(values.length).toBe(500);
  });
});
