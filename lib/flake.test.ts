/** The flake cannot be evaluated here (no network, Nix 2.8): test what can be tested offline. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { formatText } from "./cli/fmt.js";
import { describeWithNix, nixEval, nixParse } from "./testing/nix.js";

const flake = join(import.meta.dirname, "../flake.nix");

const nixFiles = [
  "flake.nix",
  ...readdirSync(join(import.meta.dirname, "../nix")).map((f) => `nix/${f}`),
];

it("flake.nix and nix/*.nix are formatted by nix-emit fmt", () => {
  for (const file of nixFiles) {
    const text = readFileSync(join(import.meta.dirname, "..", file), "utf8");
    expect(formatText(text), file).toEqual(E.right(text));
  }
});

describeWithNix("flake.nix with Nix", () => {
  it("parses, with the files it imports", () => {
    expect(nixParse(readFileSync(flake, "utf8"))).toMatch(/^\{ description = /);
    for (const file of nixFiles)
      expect(
        () => nixParse(readFileSync(join(import.meta.dirname, "..", file), "utf8")),
        file,
      ).not.toThrow();
  });
  it("has outputs taking self and nixpkgs, and a description", () => {
    expect(nixEval(`builtins.functionArgs (import ${flake}).outputs`)).toBe(
      "{ nixpkgs = false; self = false; }",
    );
    expect(nixEval(`(import ${flake}).description`)).toMatch(/^"nix-emit: /);
  });
});
