/** `nix-emit generate`: its help, --print-schema and --graph. */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { renderCluster } from "../k8s/generate.js";
import { clusterJsonSchema } from "../k8s/jsonSchema.js";
import { MANIFEST } from "../tree/write.js";
import { GENERATE_HELP } from "./generate.js";
import { memoryIO } from "./io.js";
import { main } from "./main.js";

async function run(args: string[]) {
  const io = memoryIO();
  const code = await main(["generate", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("nix-emit generate", () => {
  it("--help names every file the tree really writes", () => {
    const tree = renderCluster(exampleCluster);
    if (E.isLeft(tree)) throw new Error(JSON.stringify(tree.left));
    for (const file of [...tree.right.keys(), MANIFEST]) expect(GENERATE_HELP).toContain(file);
  });

  it("--print-schema prints the cluster description's JSON Schema", async () => {
    const r = await run(["--print-schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(clusterJsonSchema());
    expect(JSON.parse(r.out)["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("--graph prints every host's units, as Mermaid or Graphviz", async () => {
    const mermaid = await run(["--graph"]);
    expect(mermaid.code, mermaid.err).toBe(0);
    expect(mermaid.out.startsWith("flowchart LR\n")).toBe(true);
    const dot = await run(["--graph", "--format", "dot"]);
    expect(dot.code, dot.err).toBe(0);
    expect(dot.out.startsWith("digraph cluster {\n")).toBe(true);
    for (const out of [mermaid.out, dot.out]) {
      expect(out).toContain("worker2__k8s_kubelet");
      expect(out).toContain("fat_controller__k8s_etcd");
      expect(out).not.toContain("worker1__k8s_apiserver");
    }
    const bad = await run(["--graph", "--format", "svg"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--format takes mermaid or dot");
  });
});
