import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { exampleCluster } from "../cli/exampleCluster.js";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { parseOrThrow } from "../parse/index.js";
import { print } from "../print/print.js";
import { describeWithNix, nixParseMany } from "../testing/nix.js";
import { describeWithNixpkgsLib, evalNixosOrThrow } from "../testing/nixos.js";
import { renderCluster } from "./index.js";

const golden = join(import.meta.dirname, "../../fixtures/k8s");
const tempDir = () => mkdtempSync(join(tmpdir(), "nix-emit-k8s-"));

function tree() {
  const r = renderCluster(exampleCluster);
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
}

describe("the generated Kubernetes tree", () => {
  it("matches the golden fixtures/k8s", () => {
    const t = tree();
    if (process.env["UPDATE_GOLDEN"] === "1")
      for (const [path, text] of t) writeFileSync(join(golden, path), text);
    expect(readdirSync(golden).sort()).toEqual([...t.keys()].sort());
    for (const [path, text] of t) expect(text, path).toBe(readFileSync(join(golden, path), "utf8"));
  });
  it("is a fixed point of the formatter in strict mode", () => {
    for (const [path, text] of tree())
      expect(print(parseOrThrow(text), { strict: true }), path).toBe(text);
  });
  it("derives the kubelet's containerRuntimeEndpoint from containerd's socketPath", () => {
    expect(tree().get("kubelet.nix")).toContain(
      'containerRuntimeEndpoint = lib.mkDefault "unix://${config.services.k8s-containerd.socketPath}";',
    );
  });
  it("builds the command lines with lib.escapeShellArgs", () => {
    expect(tree().get("kubelet.nix")).toContain("ExecStart = lib.escapeShellArgs (");
    expect(tree().get("apiserver.nix")).toContain('User = "kubernetes";');
  });
});

describeWithNix("the generated tree parses with Nix", () => {
  it("nix-instantiate --parse accepts every file", () => {
    expect(nixParseMany([...tree().values()]).map((r) => r.ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe("nix-emit generate", () => {
  const run = async (args: string[], cwd = tempDir()) => {
    const io = memoryIO("", { cwd });
    const code = await main(["generate", ...args], io);
    return { code, out: io.out(), err: io.err(), cwd };
  };
  const withConfig = async (config: unknown) => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "cluster.json"),
      typeof config === "string" ? config : JSON.stringify(config),
    );
    const r = await run(["--out", "out", "--config", "cluster.json"], cwd);
    return { ...r, written: existsSync(join(cwd, "out")) ? readdirSync(join(cwd, "out")) : [] };
  };
  const settings = (kubelet: object) => ({
    ...exampleCluster,
    kubelet: { ...exampleCluster.kubelet, settings: kubelet },
  });

  it("writes the example tree, and --check passes on it", async () => {
    const r = await run(["--out", "out"]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.cwd, "out")).sort()).toEqual([
      "apiserver.nix",
      "containerd.nix",
      "default.nix",
      "k8s.nix",
      "kubelet.nix",
    ]);
    expect((await run(["--out", "out", "--check"], r.cwd)).code).toBe(0);
  });
  it("--print-config prints the example as the JSON --config accepts", async () => {
    const r = await run(["--print-config"]);
    expect(JSON.parse(r.out)).toEqual(exampleCluster);
    const back = await withConfig(r.out);
    expect(back.code).toBe(0);
  });
  const bad: Array<[string, unknown, RegExp]> = [
    [
      "7d",
      settings({ imageMaximumGCAge: "7d" }),
      /kubelet\.settings\.imageMaximumGCAge: "7d" is not a Go duration: there is no "d" unit \(write "168h"\)/,
    ],
    [
      "webhook in lower case",
      settings({ authorization: { mode: "webhook" } }),
      /kubelet\.settings\.authorization\.mode: expected one of "AlwaysAllow", "Webhook", got "webhook" \(did you mean "Webhook"\?/,
    ],
    [
      "an unknown field",
      settings({ imageMaximumGcAge: "168h" }),
      /kubelet\.settings\.imageMaximumGcAge: unknown field \(did you mean imageMaximumGCAge\?\)/,
    ],
    [
      "a kubeconfig as KubeletConfiguration",
      settings(exampleCluster.kubelet!.kubeconfig!),
      /kubelet\.settings: this looks like a kubeconfig/,
    ],
    [
      "a newline in secretsPath",
      { ...exampleCluster, secretsPath: "/var/lib\n/x" },
      /secretsPath: contains a line break/,
    ],
    [
      "${ in secretsPath",
      { ...exampleCluster, secretsPath: "/var/${x}" },
      /secretsPath: contains `\$\{`/,
    ],
    [
      "a relative secretsPath",
      { ...exampleCluster, secretsPath: "secrets" },
      /secretsPath: "secrets" is not an absolute path/,
    ],
    ["invalid JSON", '{ "secretsPath": ', /cluster\.json is not valid JSON/],
  ];
  for (const [name, config, message] of bad) {
    it(`refuses ${name}: exit 1, nothing written`, async () => {
      const r = await withConfig(config);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.written).toEqual([]);
    });
  }
  it("usage errors exit 2", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(["--bogus"])).code).toBe(2);
  });
});

describeWithNixpkgsLib("the tree evaluates as NixOS evaluates it", (lib) => {
  const evaluate = (extra: string) => {
    const dir = tempDir();
    for (const [path, text] of tree()) writeFileSync(join(dir, path), text);
    return evalNixosOrThrow({
      lib,
      modules: [
        `${dir}/default.nix`,
        `{
            services.k8s-kubelet.enable = true;
            services.k8s-apiserver.enable = true;
            services.k8s-containerd.enable = true;
          }`,
        extra === "" ? "{ }" : extra,
      ],
      select: `let c = r.config; in {
          settings = builtins.toJSON c.services.k8s-kubelet.settings;
          kubeletExec = c.systemd.services.k8s-kubelet.serviceConfig.ExecStart;
          apiserverExec = c.systemd.services.k8s-apiserver.serviceConfig.ExecStart;
          containerd = c.virtualisation.containerd.settings.grpc.address;
        }`,
    }) as Record<string, string>;
  };
  it("writes exactly the TypeScript settings to the kubelet's config file, and the expected flags", () => {
    const out = evaluate("");
    const secrets = "/var/lib/kubernetes/secrets";
    const s = exampleCluster.kubelet!.settings!;
    expect(JSON.parse(out["settings"]!)).toEqual({
      ...s,
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      tlsCertFile: `${secrets}/kubelet-tls-cert-file.pem`,
      tlsPrivateKeyFile: `${secrets}/kubelet-tls-key-file.pem`,
      authentication: { ...s.authentication, x509: { clientCAFile: `${secrets}/ca.pem` } },
      containerRuntimeEndpoint: "unix:///run/containerd/containerd.sock",
    });
    for (const flag of ["--node-ip=::"]) expect(out["kubeletExec"]).toContain(flag);
    expect(out["kubeletExec"]).toMatch(/--config=\/nix\/store\/[a-z0-9]{32}-kubelet-config\.json/);
    expect(out["kubeletExec"]).toMatch(
      /--kubeconfig=\/nix\/store\/[a-z0-9]{32}-kubelet-kubeconfig\.json/,
    );
    for (const flag of [
      "--authorization-mode=Node,RBAC",
      "--etcd-servers=https://[::1]:2379",
      `--tls-cert-file=${secrets}/apiserver.pem`,
    ])
      expect(out["apiserverExec"]).toContain(flag);
    expect(out["containerd"]).toBe("/run/containerd/containerd.sock");
  });
  it("lets Nix override one kubelet setting and keeps the others", () => {
    const out = evaluate('{ services.k8s-kubelet.settings.clusterDomain = "example.org"; }');
    const settings = JSON.parse(out["settings"]!) as Record<string, unknown>;
    expect(settings["clusterDomain"]).toBe("example.org");
    expect(settings["imageMaximumGCAge"]).toBe("604800s");
  });
});
