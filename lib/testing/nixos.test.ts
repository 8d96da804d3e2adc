import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { nixParse } from "./nix.js";
import { describeWithNixpkgsLib, evalNixos, evalNixosOrThrow } from "./nixos.js";

describeWithNixpkgsLib("the NixOS-style evaluation harness", (lib) => {
  it("parses with Nix", () => {
    expect(() =>
      nixParse(readFileSync(join(import.meta.dirname, "nixos.nix"), "utf8")),
    ).not.toThrow();
  });
  it("passes NixOS's module arguments, and no others", () => {
    const out = evalNixosOrThrow({
      lib,
      modules: [
        "{ config, options, lib, pkgs, utils, modulesPath, ... }: { warnings = map builtins.typeOf [ config options lib pkgs utils modulesPath ]; }",
      ],
      select: "r.config.warnings",
    });
    expect(out).toEqual(["set", "set", "set", "set", "set", "string"]);
    const other = evalNixos({
      lib,
      modules: ["{ builtins, ... }: { warnings = [ (builtins.toJSON 1) ]; }"],
      select: "true",
    });
    expect(other.ok ? "" : other.error).toMatch(/attribute 'builtins' missing/);
  });
  it("gives pkgs builders that use their input: files read back, bad values fail", () => {
    const out = evalNixosOrThrow({
      lib,
      modules: [
        '{ pkgs, ... }: { environment.etc.a.source = (pkgs.formats.json { }).generate "a.json" { x = [ 1 ]; }; }',
      ],
      select: "builtins.readFile r.config.environment.etc.a.source",
    });
    expect(out).toBe('{"x":[1]}');
    const bad = evalNixos({
      lib,
      modules: [
        '{ pkgs, ... }: { environment.etc.a.source = (pkgs.formats.toml { }).generate "a.toml" { x = null; }; }',
      ],
      select: "true",
    });
    expect(bad.ok ? "" : bad.error).toMatch(/TOML has no null/);
  });
  it("rejects undeclared options and wrong types, as NixOS does", () => {
    const undeclared = evalNixos({
      lib,
      modules: ["{ systemd.servics.x = { }; }"],
      select: "true",
    });
    expect(undeclared.ok ? "" : undeclared.error).toMatch(/systemd\.servics.*does not exist/s);
    const wrongType = evalNixos({
      lib,
      modules: ['{ systemd.services.x.wantedBy = "multi-user.target"; }'],
      select: "true",
    });
    expect(wrongType.ok ? "" : wrongType.error).toMatch(/not of type `list of string'/);
  });
});
