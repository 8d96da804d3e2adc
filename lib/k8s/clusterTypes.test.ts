/** Fields that validation requires are required in the TypeScript types too (`tsc --strict`). */
import { beforeAll, describe, expect, it } from "vitest";
import { repoLib, typeErrors } from "../testing/typecheck.js";

const header = `import type { Cluster, ClusterNode } from "${repoLib}/k8s/index.js";\n`;

const complete = `const n: Cluster = { nodes: [{ name: "a", addresses: ["10.0.0.1"], roles: ["controller"], taints: [{ key: "k", effect: "NoSchedule" }] }] };`;

/** [what, code, the field the compiler must say is missing] */
const missing: Array<[string, string, string]> = [
  ["a node without name", `const n: ClusterNode = { addresses: [], roles: [] };`, "name"],
  ["a node without roles", `const n: ClusterNode = { name: "a", addresses: [] };`, "roles"],
  [
    "a node in a Cluster without addresses",
    `const n: Cluster = { nodes: [{ name: "a", roles: ["worker"] }] };`,
    "addresses",
  ],
  [
    "a taint without effect",
    `const n: ClusterNode = { name: "a", addresses: [], roles: [], taints: [{ key: "k" }] };`,
    "effect",
  ],
  [
    "a scheduler plugin without name",
    `const n: Cluster = { scheduler: { settings: { profiles: [{ plugins: { score: { enabled: [{ weight: 1 }] } } }] } } };`,
    "name",
  ],
];

describe("required fields in the Cluster types", () => {
  let errors: string[][] = [];
  beforeAll(() => {
    errors = typeErrors(
      [complete, ...missing.map(([, code]) => code)].map((c) => `${header}${c}\nvoid n;\n`),
    );
  });
  it("a complete description compiles", () => expect(errors[0]).toEqual([]));
  it.each(missing.map((m, i) => [...m, i + 1] as const))(
    "%s does not compile",
    (_, __, field, i) => {
      expect(errors[i]!.join("\n")).toMatch(new RegExp(`Property '${field}' is missing`));
    },
  );
});
