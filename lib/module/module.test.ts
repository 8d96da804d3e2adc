import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { exampleTree, k8s, kubelet } from "../../examples/module-example.js";
import { n } from "../ast/build.js";
import { print } from "../print/print.js";
import { describeWithNix, nixParseMany } from "../testing/nix.js";
import { describeWithNixpkgsLib, evalNixos, evalNixosOrThrow } from "../testing/nixos.js";
import { renderTree, writeTree } from "../tree/index.js";
import {
  type Infer,
  defineModule,
  mkOption,
  renderModule,
  renderModuleOrThrow,
  t,
} from "./index.js";
import { tempDirs } from "../testing/tempDirs.js";
const evalDir = tempDirs("nix-emit-eval-");

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
    expect(text).toContain("{\n  config,\n  lib,\n  pkgs,\n  utils,\n  ...\n}:");
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
  it("never lists Nix's globals as arguments; lists declared extra arguments", () => {
    const m = defineModule({
      name: "m",
      path: ["services", "m"],
      args: ["inputs"],
      options: { port: mkOption(t.port, { default: 80 }) },
      config: ({ cfg }) => ({
        environment: {
          etc: {
            a: {
              text: n.call("builtins.toJSON", n.call("map", n.id("toString"), n.list([cfg.port]))),
            },
            b: { source: n.sel(n.id("inputs"), "self", "outPath") },
          },
        },
      }),
    });
    const text = print(renderModuleOrThrow(m));
    expect(text).toContain("{\n  config,\n  lib,\n  inputs,\n  ...\n}:");
    expect(text).not.toMatch(/builtins,|toString,|map,/);
  });
  it("refuses a free name that is no module argument, naming it and where it is used", () => {
    const m = defineModule({
      name: "kubelet",
      path: ["services", "kubelet"],
      options: { port: mkOption(t.port, { default: 80 }) },
      config: () => ({
        systemd: { services: { kubelet: { environment: { PORT: n.ref("cfgg.port") } } } },
      }),
    });
    const r = renderModule(m);
    expect(E.isLeft(r)).toBe(true);
    const [issue] = E.isLeft(r) ? r.left : [];
    expect(issue?.path).toBe("kubelet: config.systemd.services.kubelet.environment.PORT");
    expect(issue?.message).toMatch(/unknown name `cfgg`/);
    expect(issue?.hint).toMatch(/did you mean `cfg`\?|args: \["cfgg"\]/);
  });
  it("accepts expressions inside list and attribute-set defaults, but not look-alike objects", () => {
    const m = defineModule({
      name: "m",
      path: ["x"],
      options: {
        files: mkOption(t.listOf(t.str), { default: [n.str`${n.ref("config.y")}/a`, "b"] }),
        fake: mkOption(t.listOf(t.str), {
          default: [JSON.parse('{"type":"string","parts":[]}') as string],
        }),
      },
    });
    const r = renderModule(m);
    expect(E.isLeft(r) && r.left.map((i) => i.path)).toEqual(["x.fake.default[0]"]);
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

describeWithNixpkgsLib("generated modules evaluate as NixOS evaluates them", (lib) => {
  it("declares typed options with defaults, merges config across modules, and every value forces", async () => {
    const dir = evalDir();
    const written = await writeTree(dir, rendered());
    expect(E.isRight(written)).toBe(true);
    const out = evalNixosOrThrow({
      lib,
      modules: [
        `${dir}/default.nix`,
        '{ services.k8s-kubelet.enable = true; services.k8s-kubelet.extraFlags = [ "v=2" "node-labels=tier=50%z" ]; }',
      ],
      select: `let c = r.config; in {
        port = c.services.k8s.apiServerPort;
        portType = r.options.services.k8s.apiServerPort.type.name;
        secrets = c.services.k8s.secretsPath;
        webhook = c.services.k8s-kubelet.webhook;
        mode = c.services.k8s-kubelet.authorizationMode;
        cert = c.systemd.services.k8s-kubelet.environment.TLS_CERT;
        ports = c.networking.firewall.allowedTCPPorts;
        unit = r.units.k8s-kubelet;
        kubeletConfig = builtins.readFile (builtins.elemAt (builtins.match ".*--config=([^ ]*)\\".*" c.systemd.services.k8s-kubelet.serviceConfig.ExecStart) 0);
        etc = builtins.readFile c.environment.etc."kubelet/webhook.json".source;
        containerd = c.services.k8s.containerdSettings;
        lines = r.options.services.k8s.motd.type.name;
        failed = r.failedAssertions;
      }`,
    });
    expect(out).toEqual({
      port: 6443,
      portType: "unsignedInt16",
      secrets: "/var/lib/kubernetes/secrets",
      webhook: { enabled: true, cacheTTL: "10s" },
      mode: "Webhook",
      cert: "/var/lib/kubernetes/secrets/kubelet.pem",
      ports: [6443, 10250],
      unit: expect.stringContaining(
        'ExecStart="/nix/store/00000000000000000000000000000000-kubernetes/bin/kubelet" "--config=/nix/store/',
      ) as unknown,
      kubeletConfig: '{"clusterDomain":"cluster.local"}',
      etc: '{"cacheTTL":"10s","enabled":true}',
      containerd: { version: 2 },
      lines: "separatedString",
      failed: [],
    });
    // systemd expands % and $ even inside quotes: they reach the unit doubled.
    expect((out as { unit: string }).unit).toContain(
      '"--max-pods=110" "--v=2" "--node-labels=tier=50%%z"\n',
    );
  });
  it("a header listing a Nix global as an argument fails the way NixOS reports it", () => {
    const r = evalNixos({
      lib,
      modules: ["({ builtins, ... }: { warnings = [ (builtins.toJSON 1) ]; })"],
      select: "r.config.warnings",
    });
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toMatch(/attribute 'builtins' missing/);
  });
});
