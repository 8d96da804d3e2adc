/** The flake cannot be evaluated here (no network, Nix 2.8): test what can be tested offline. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import { formatText } from "./cli/fmt.js";
import { describeWithNix, nixEval, nixParse } from "./testing/nix.js";

const flake = join(import.meta.dirname, "../flake.nix");

it("flake.nix is formatted by nix-emit fmt", () => {
  const text = readFileSync(flake, "utf8");
  expect(formatText(text)).toEqual(E.right(text));
});

describeWithNix("flake.nix with Nix", () => {
  it("parses", () => {
    expect(nixParse(readFileSync(flake, "utf8"))).toMatch(/^\{ description = /);
  });
  it("has outputs taking self and nixpkgs, and a description", () => {
    expect(nixEval(`builtins.functionArgs (import ${flake}).outputs`)).toBe(
      "{ nixpkgs = false; self = false; }",
    );
    expect(nixEval(`(import ${flake}).description`)).toMatch(/^"nix-emit: /);
  });
});
