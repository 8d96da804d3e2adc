import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { memoryIO } from "../cli/io.js";
import { main } from "../cli/main.js";
import { parseOrThrow } from "../parse/index.js";
import { print } from "../print/print.js";
import { describeWithNix, nixParseMany } from "../testing/nix.js";
import { renderCluster } from "./index.js";
import { tempDirs } from "../testing/tempDirs.js";

const golden = join(import.meta.dirname, "../../fixtures/k8s");
const tempDir = tempDirs("nix-emit-k8s-");

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
      'containerRuntimeEndpoint = "unix://${config.services.k8s-containerd.socketPath}";',
    );
  });
  it("builds the command lines with utils.escapeSystemdExecArgs", () => {
    expect(tree().get("kubelet.nix")).toContain("ExecStart = utils.escapeSystemdExecArgs (");
    expect(tree().get("apiserver.nix")).toContain('User = "kubernetes";');
  });
});

describeWithNix("the generated tree parses with Nix", () => {
  it("nix-instantiate --parse accepts every file", () => {
    const files = [...tree().values()];
    expect(files.length).toBe(11);
    expect(nixParseMany(files).map((r) => r.ok)).toEqual(files.map(() => true));
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
      ".nix-emit-manifest.json",
      "apiserver.nix",
      "containerd.nix",
      "controller-manager.nix",
      "default.nix",
      "dns.nix",
      "etcd.nix",
      "k8s.nix",
      "kube-proxy.nix",
      "kubelet.nix",
      "network.nix",
      "scheduler.nix",
    ]);
    expect((await run(["--out", "out", "--check"], r.cwd)).code).toBe(0);
  });
  it("--print-pki lists every certificate with its subject and SANs", async () => {
    const r = await run(["--print-pki"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "| `kubelet.pem` | `kubelet-key.pem` | CN=system:node:<node name>, O=system:nodes |",
    );
    expect(r.out).toMatch(
      /\| `apiserver\.pem` .*kubernetes\.default\.svc\.cluster\.local, fd00:10:96::1/,
    );
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
      settings({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "default", cluster: { server: "https://[::1]:6443" } }],
      }),
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
    [
      "misspelt kubelet flags",
      { ...exampleCluster, kubelet: { flags: { nodeIP: "::", hostnameOveride: "a" } } },
      /kubelet\.flags\.nodeIP: unknown field \(did you mean nodeIp\?\)[\s\S]*kubelet\.flags\.hostnameOveride: unknown field \(did you mean hostnameOverride\?\)/,
    ],
    [
      "an unknown API server flag",
      { ...exampleCluster, apiserver: { flags: { tlsCertFiel: "x.pem" } } },
      /apiserver\.flags\.tlsCertFiel: unknown field \(did you mean tlsCertFile\?\)/,
    ],
    [
      "flags given as a string",
      { ...exampleCluster, kubelet: { flags: "--evil" } },
      /kubelet\.flags: expected an object, got "--evil"/,
    ],
    [
      "extraFlags given as a string",
      { ...exampleCluster, kubelet: { extraFlags: "--v=2" } },
      /kubelet\.extraFlags: expected a list, got "--v=2"/,
    ],
    [
      "etcdServers given as a string",
      { ...exampleCluster, apiserver: { flags: { etcdServers: "https://x:2379" } } },
      /apiserver\.flags\.etcdServers: expected a list, got "https:\/\/x:2379"/,
    ],
    [
      "an authorization mode in lower case",
      { ...exampleCluster, apiserver: { flags: { authorizationMode: ["node"] } } },
      /apiserver\.flags\.authorizationMode\[0\]: expected one of .*got "node" \(did you mean "Node"\?/,
    ],
    [
      "TLS 1.0",
      { ...exampleCluster, apiserver: { flags: { tlsMinVersion: "VersionTLS10" } } },
      /apiserver\.flags\.tlsMinVersion: expected one of "VersionTLS12", "VersionTLS13", got "VersionTLS10"/,
    ],
    [
      "a boolean given as a word",
      { ...exampleCluster, apiserver: { flags: { anonymousAuth: "maybe" } } },
      /apiserver\.flags\.anonymousAuth: expected true or false, got "maybe"/,
    ],
    [
      "containerd's SystemdCgroup as a string",
      { ...exampleCluster, containerd: { systemdCgroup: "yes" } },
      /containerd\.systemdCgroup: expected true or false, got "yes"/,
    ],
    [
      "a port given as a string",
      { ...exampleCluster, apiserver: { flags: { securePort: "6443" } } },
      /apiserver\.flags\.securePort: expected a port number \(1 to 65535\), got "6443"/,
    ],
    [
      "a line break in a flag value",
      {
        ...exampleCluster,
        kubelet: { flags: { nodeLabels: { tier: "a\nExecStartPre=/bin/evil" } } },
      },
      /kubelet\.flags\.nodeLabels\.tier: expected a one-line string/,
    ],
    [
      "a line break in an extra flag",
      { ...exampleCluster, apiserver: { extraFlags: ["--v=2\n"] } },
      /apiserver\.extraFlags\[0\]: expected a one-line string/,
    ],
    [
      "containerd version 4",
      { ...exampleCluster, containerd: { version: 4 } },
      /containerd\.version: expected one of 2, 3, got 4 \(3 for containerd 2\.x/,
    ],
    [
      "an etcd URL without scheme",
      { ...exampleCluster, apiserver: { flags: { etcdServers: ["[fd00:10::1]:2379"] } } },
      /apiserver\.flags\.etcdServers\[0\]: expected a https or http URL, got "\[fd00:10::1\]:2379"/,
    ],
    [
      "a node label in a kubernetes.io prefix a kubelet may not set",
      {
        ...exampleCluster,
        nodes: [
          { ...exampleCluster.nodes![0]!, labels: { "node-role.kubernetes.io/control-plane": "" } },
        ],
      },
      /nodes\[0\]\.labels\.node-role\.kubernetes\.io\/control-plane: a kubelet may not set labels in node-role\.kubernetes\.io/,
    ],
    [
      "two nodes with the same name",
      {
        ...exampleCluster,
        nodes: [
          exampleCluster.nodes![0]!,
          exampleCluster.nodes![1]!,
          { ...exampleCluster.nodes![1]!, addresses: ["fd00:10::13"] },
        ],
      },
      /nodes\[2\]\.name: "worker1" is already the name of nodes\[1\]/,
    ],
    [
      "workers without a controller",
      { ...exampleCluster, nodes: exampleCluster.nodes!.slice(1) },
      /nodes: no node is a controller/,
    ],
    [
      "a node without addresses and a bad address",
      {
        ...exampleCluster,
        nodes: [
          { name: "a", roles: ["controller"] },
          { name: "b", roles: ["worker"], addresses: ["fd00::zz"] },
        ],
      },
      /nodes\[0\]\.addresses: is required[\s\S]*nodes\[1\]\.addresses\[0\]: "fd00::zz" is not an IP address/,
    ],
    [
      "a bad KubeSchedulerConfiguration",
      {
        ...exampleCluster,
        scheduler: {
          settings: {
            percentageOfNodesToScore: 120,
            profiles: [{ schedulerName: "a" }, { schedulerName: "a" }],
            leaderElection: { leaseDuration: "1d" },
          },
        },
      },
      /scheduler\.settings\.leaderElection\.leaseDuration: "1d" is not a Go duration[\s\S]*percentageOfNodesToScore: must be between 0 and 100[\s\S]*profiles\[1\]\.schedulerName: "a" names two profiles/,
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
  it("--config or --out without a value is a usage error (exit 2), not the example cluster", async () => {
    for (const args of [
      ["--out", "out", "--config"],
      ["--out", "out", "--config", "--check"],
      ["--out"],
      ["--out="],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(/needs a value/);
      expect(existsSync(join(r.cwd, "out"))).toBe(false);
    }
  });
  it("never crashes on fuzzed cluster descriptions: exit 0 or 1, a message on failure, nothing half-written", async () => {
    // Random JSON put in random places of the example: wrong shapes everywhere.
    const paths = (v: unknown, at: string[] = []): string[][] =>
      typeof v === "object" && v !== null
        ? [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))]
        : [at];
    const places = paths(exampleCluster).filter((p) => p.length > 0);
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...places),
        fc.oneof(
          fc.jsonValue({ maxDepth: 3 }),
          // Keys that name Object.prototype members once crashed the schema lookup.
          fc.dictionary(
            fc.constantFrom("constructor", "toString", "valueOf", "__proto__", "hasOwnProperty"),
            fc.jsonValue({ maxDepth: 1 }),
            { noNullPrototype: true },
          ),
        ),
        async (place, junk) => {
          const config = structuredClone(exampleCluster) as Record<string, unknown>;
          let target = config;
          for (const k of place.slice(0, -1)) target = target[k] as Record<string, unknown>;
          target[place[place.length - 1]!] = junk;
          const r = await withConfig(config);
          cases++;
          expect([0, 1]).toContain(r.code);
          if (r.code === 1) {
            expect(r.err).toMatch(/nothing was written/);
            expect(r.written).toEqual([]);
          }
        },
      ),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 1000), seed: 20261124 },
    );
    expect(cases).toBe(Number(process.env["FUZZ_RUNS"] ?? 1000));
  });
});
