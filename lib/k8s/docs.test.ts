import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { exampleCluster } from "../../examples/cluster.js";
import { optionsMarkdown } from "./docs.js";
import { SCHEMA_DOCS_BEGIN } from "./jsonSchemaDocs.js";

const file = join(import.meta.dirname, "../../docs/k8s.md");

it("docs/k8s.md is generated from the typed definitions and up to date", () => {
  const text = optionsMarkdown(exampleCluster);
  if (process.env["UPDATE_DOCS"] === "1") writeFileSync(file, text);
  expect(readFileSync(file, "utf8")).toBe(text);
  expect(text).toContain("### `services.k8s-kubelet.settings`");
  expect(text).toContain('- `imageMaximumGCAge` (a duration such as "10s")');
  expect(text).toContain("## From zero to Ready");
  // The minimum version and the DNS address are computed from the example, not copied.
  expect(text).toContain("Kubernetes 1.30 or newer (kubelet.settings.imageMaximumGCAge)");
  expect(text).toContain("through the cluster DNS at fd00:10:96::a");
  // The cluster.json field reference comes from the JSON Schema, between markers.
  expect(text).toContain(SCHEMA_DOCS_BEGIN);
  expect(text).toContain("- `nodes[].name` (required): a node name");
  expect(text).toContain("  - `containerd.version`: one of 2, 3.");
});
