import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { exampleTree, k8s, kubelet } from "../../examples/module-example.js";
import { n } from "../ast/build.js";
import { print } from "../print/print.js";
import { describeWithNix, nixParseMany } from "../testing/nix.js";
import { renderTree, writeTree } from "../tree/index.js";
import { type Infer, defineModule, mkOption, renderModule, t } from "./index.js";

const goldenDir = join(import.meta.dirname, "../../fixtures/module");

function rendered() {
  const r = renderTree(exampleTree());
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
}

describe("module layer", () => {
  it("infers TypeScript types from option types", () => {
    expectTypeOf<Infer<typeof t.port>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<ReturnType<typeof t.listOf<string>>>>().toEqualTypeOf<string[]>();
    expectTypeOf(k8s.cfg.secretsPath._value).toEqualTypeOf<string | undefined>();
    expectTypeOf(kubelet.cfg.extraFlags._value).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(kubelet.cfg.authorizationMode._value).toEqualTypeOf<
      "AlwaysAllow" | "Webhook" | undefined
    >();
  });
  it("prints references to other modules' options through config, aliased when used twice", () => {
    expect(print(k8s.cfg.secretsPath)).toBe("config.services.k8s.secretsPath\n");
    const text = rendered().get("kubelet.nix")!;
    expect(text).toContain("k8sCfg = config.services.k8s;");
    expect(text).toContain("cfg = config.services.k8s-kubelet;");
    expect(text).toContain('"${k8sCfg.secretsPath}/kubelet.pem"');
    expect(text).toContain("{\n  config,\n  lib,\n  pkgs,\n  ...\n}:");
  });
  it("lists only the module arguments the body uses", () => {
    expect(rendered().get("k8s.nix")).toContain("{ lib, pkgs, ... }:");
  });
  it("matches the golden module files", () => {
    const tree = rendered();
    if (process.env["UPDATE_GOLDEN"] === "1") {
      mkdirSync(goldenDir, { recursive: true });
      for (const [path, text] of tree) writeFileSync(join(goldenDir, path), text);
    }
    expect(readdirSync(goldenDir).sort()).toEqual([...tree.keys()].sort());
    for (const [path, text] of tree)
      expect(text, path).toBe(readFileSync(join(goldenDir, path), "utf8"));
  });
  it("checks defaults against their types, reporting every problem with its option path", () => {
    const bad = defineModule({
      name: "bad",
      path: ["services", "k8s"],
      options: {
        apiServerPort: mkOption(t.port, { default: "6443" as unknown as number }),
        secretsPath: mkOption(t.path, { default: "relative/path" }),
        flags: mkOption(t.listOf(t.str), { default: ["ok", 1 as unknown as string] }),
        mode: mkOption(t.enum(["AlwaysAllow", "Webhook"]), { default: "webhook" as "Webhook" }),
      },
    });
    const r = renderModule(bad);
    expect(E.isLeft(r)).toBe(true);
    const issues = E.isLeft(r) ? r.left : [];
    expect(issues.map((i) => i.path)).toEqual([
      "services.k8s.apiServerPort.default",
      "services.k8s.secretsPath.default",
      "services.k8s.flags.default[1]",
      "services.k8s.mode.default",
    ]);
    expect(issues[0]!.message).toBe(
      'expected 16 bit unsigned integer; between 0 and 65535 (both inclusive), got "6443"',
    );
    expect(issues[3]!.message).toBe('expected one of "AlwaysAllow", "Webhook", got "webhook"');
  });
  it("accepts expressions as defaults (checked by Nix, not here)", () => {
    const m = defineModule({
      name: "m",
      path: ["x"],
      options: { p: mkOption(t.port, { default: n.ref("config.y") }) },
    });
    expect(E.isRight(renderModule(m))).toBe(true);
  });
});

describeWithNix("generated modules parse with Nix", () => {
  it("every golden module file passes nix-instantiate --parse", () => {
    expect(nixParseMany([...rendered().values()]).every((r) => r.ok)).toBe(true);
  });
});

const nixpkgsLib = process.env["NIXPKGS_LIB"];
if (!nixpkgsLib)
  process.stderr.write(
    "SKIPPED (set NIXPKGS_LIB to a nixpkgs lib/ folder to run): module evaluation with lib.evalModules\n",
  );
const describeWithLib =
  nixpkgsLib && existsSync(join(nixpkgsLib, "default.nix")) ? describeWithNix : describe.skip;

describeWithLib(
  `generated modules evaluate with lib.evalModules${nixpkgsLib ? "" : " [skipped: NIXPKGS_LIB not set]"}`,
  () => {
    it("declares typed options with defaults and merges config across modules", async () => {
      const dir = mkdtempSync(join(tmpdir(), "nix-emit-eval-"));
      const written = await writeTree(dir, rendered());
      expect(E.isRight(written)).toBe(true);
      const expr = `
      let
        lib = import ${nixpkgsLib};
        pkgs = { kubernetes = { type = "derivation"; name = "kubernetes"; outPath = "/fake"; }; formats = lib.genAttrs [ "json" "toml" "yaml" ] (_: _: { type = lib.types.anything; }); };
        world = { lib, ... }: {
          options.systemd = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = { }; };
          options.networking = lib.mkOption { type = lib.types.attrsOf lib.types.anything; default = { }; };
        };
        eval = lib.evalModules {
          modules = [ ${dir}/default.nix world { services.k8s-kubelet.enable = true; services.k8s-kubelet.extraFlags = [ "--v=2" ]; } ];
          specialArgs = { inherit pkgs; };
        };
        c = eval.config;
      in {
        port = c.services.k8s.apiServerPort;
        portType = eval.options.services.k8s.apiServerPort.type.name;
        secrets = c.services.k8s.secretsPath;
        webhook = c.services.k8s-kubelet.webhook;
        mode = c.services.k8s-kubelet.authorizationMode;
        cert = c.systemd.services.k8s-kubelet.environment.TLS_CERT;
        ports = c.networking.firewall.allowedTCPPorts;
        exec = c.systemd.services.k8s-kubelet.serviceConfig.ExecStart;
        containerd = c.services.k8s.containerdSettings;
        lines = eval.options.services.k8s.motd.type.name;
      }`;
      const out = JSON.parse(
        execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", expr], {
          encoding: "utf8",
        }),
      ) as Record<string, unknown>;
      expect(out).toEqual({
        port: 6443,
        portType: "unsignedInt16",
        secrets: "/var/lib/kubernetes/secrets",
        webhook: { enabled: true, cacheTTL: "10s" },
        mode: "Webhook",
        cert: "/var/lib/kubernetes/secrets/kubelet.pem",
        ports: [6443, 10250],
        exec: "kubelet '--v=2'",
        containerd: { version: 2 },
        lines: "separatedString",
      });
    });
  },
);
