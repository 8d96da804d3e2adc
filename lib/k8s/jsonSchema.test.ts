/**
 * The JSON Schema of `cluster.json` against the CLI's own validation (`validateCluster`, then
 * `renderCluster`, as `nix-emit generate` runs them before writing), judged by a real validator
 * (ajv, draft 2020-12): the example passes, and on 1,000 seeded mutations of it the schema never
 * refuses what the CLI accepts; where the CLI refuses what the schema accepts, the reason must be
 * one of the rules a JSON Schema cannot express (`SCHEMA_CANNOT_EXPRESS`, also in docs/k8s.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Issue } from "../errors.js";
import { validateCluster } from "./cluster.js";
import { renderCluster } from "./generate.js";
import { clusterJsonSchema, type JsonSchema } from "./jsonSchema.js";
import { SCHEMA_CANNOT_EXPRESS } from "./jsonSchemaDocs.js";

const example = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../examples/cluster.json"), "utf8"),
) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addKeyword({ keyword: "x-nix-emit-rules" });
  return ajv.compile(clusterJsonSchema());
}

/** The CLI's verdict: the issues `nix-emit generate` reports before writing anything. */
function cliIssues(value: unknown): Issue[] {
  const valid = validateCluster(value);
  if (E.isLeft(valid)) return valid.left;
  const tree = renderCluster(valid.right);
  return E.isLeft(tree) ? tree.left : [];
}

type Path = readonly (string | number)[];

/** Every property path the schema knows (arrays as index 0), to a bounded depth. */
function schemaPaths(schema: JsonSchema, prefix: Path = [], depth = 6): Path[] {
  if (depth === 0) return [];
  const out: Path[] = [];
  const props = schema["properties"] as Record<string, JsonSchema> | undefined;
  for (const [k, s] of Object.entries(props ?? {})) {
    out.push([...prefix, k]);
    out.push(...schemaPaths(s, [...prefix, k], depth - 1));
  }
  const items = schema["items"] as JsonSchema | undefined;
  if (items) out.push(...schemaPaths(items, [...prefix, 0], depth - 1));
  const values = schema["additionalProperties"];
  if (typeof values === "object" && values !== null)
    out.push(...schemaPaths(values as JsonSchema, [...prefix, "x"], depth - 1));
  return out;
}

/** Every path present in a value. */
function valuePaths(v: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(v))
    return v.flatMap((x, i) => [[...prefix, i], ...valuePaths(x, [...prefix, i])]);
  if (typeof v === "object" && v !== null)
    return Object.entries(v).flatMap(([k, x]) => [
      [...prefix, k],
      ...valuePaths(x, [...prefix, k]),
    ]);
  return [];
}

function setPath(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base = (
    typeof root === "object" && root !== null
      ? Array.isArray(root)
        ? [...(root as unknown[])]
        : { ...(root as Record<string, unknown>) }
      : typeof head === "number"
        ? []
        : {}
  ) as Record<string | number, unknown>;
  base[head!] = setPath(base[head!], rest, value);
  return base;
}

function deletePath(root: unknown, path: Path): unknown {
  if (path.length === 0 || typeof root !== "object" || root === null) return root;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    if (rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = deletePath(copy[head as number], rest);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head as string];
  else copy[head as string] = deletePath(copy[head as string], rest);
  return copy;
}

/** Values that sit on the edges of the rules: types, ranges, patterns, casing. */
const edgy = fc.constantFrom<unknown>(
  "",
  "10s",
  "7d",
  "1h30m",
  "100Mi",
  "10%",
  "a\nb",
  "/abs/path",
  "relative.pem",
  "${x}",
  "https://[fd00::1]:6443",
  "http://x",
  "fd00:10::1",
  "10.0.0.300",
  "controller",
  "worker",
  "NoSchedule",
  "noschedule",
  "Webhook",
  "systemd",
  -1,
  0,
  1,
  80,
  65536,
  2147483648,
  1.5,
  true,
  false,
  null,
  [],
  {},
  ["x"],
  { a: "b" },
);

const mutation = (paths: readonly Path[], present: readonly Path[]) =>
  fc.oneof(
    fc.record({ op: fc.constant("set" as const), path: fc.constantFrom(...paths), value: edgy }),
    fc.record({
      op: fc.constant("set" as const),
      path: fc.constantFrom(...present),
      value: fc.oneof(edgy, fc.jsonValue({ maxDepth: 2 })),
    }),
    fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(...present) }),
    fc.record({
      op: fc.constant("set" as const),
      path: fc.constantFrom(...present).map((p) => [...p.slice(0, -1), "unknownField"] as Path),
      value: edgy,
    }),
  );

describe("the cluster JSON Schema (ajv, draft 2020-12) and the CLI agree", () => {
  it("is a valid draft 2020-12 schema, and the example and its $schema key pass both", () => {
    const validate = validator();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const withSchema = { $schema: "./cluster.schema.json", ...example };
    expect(validate(withSchema)).toBe(true);
    expect(cliIssues(withSchema)).toEqual([]);
  });

  it("says what it can of the cluster branch's rules: taint keys and values, bridge needs", () => {
    const validate = validator();
    const nodes = example["nodes"] as Record<string, unknown>[];
    const withTaint = (taint: Record<string, unknown>) => ({
      ...example,
      nodes: nodes.map((n, i) => (i === 0 ? { ...n, taints: [taint] } : n)),
    });
    const cases: [unknown, boolean][] = [
      [withTaint({ key: "example.com/gpu", value: "a-b_c.d", effect: "NoSchedule" }), true],
      [withTaint({ key: "gpu", value: "", effect: "NoExecute" }), true],
      [withTaint({ key: "gpu", value: "ufX~0", effect: "NoSchedule" }), false],
      [withTaint({ key: "gpu", value: "x".repeat(64), effect: "NoSchedule" }), false],
      [withTaint({ key: "-gpu", effect: "NoSchedule" }), false],
      [withTaint({ key: "Example.com/gpu", effect: "NoSchedule" }), false],
      [withTaint({ key: `${"a".repeat(254)}/gpu`, effect: "NoSchedule" }), false],
      [withTaint({ key: `${"a".repeat(253)}/gpu`, effect: "NoSchedule" }), true],
      [{ ...example, podNetwork: { type: "bridge" } }, false],
      [{ ...example, podNetwork: { type: "none" } }, true],
      [{ ...example, nodes: undefined, podNetwork: { type: "none" }, controller: true }, true],
      [{ ...example, nodes: undefined, controller: true }, false],
    ];
    for (const [value, ok] of cases) {
      const json = JSON.parse(JSON.stringify(value)) as unknown;
      expect(validate(json), JSON.stringify(json).slice(0, 400)).toBe(ok);
      expect(cliIssues(json).length === 0, JSON.stringify(cliIssues(json))).toBe(ok);
    }
  });

  it("on 1,000 fuzzed descriptions: the schema never refuses what the CLI accepts, and each CLI-only refusal is a listed rule", () => {
    const validate = validator();
    const schema = clusterJsonSchema();
    const paths = schemaPaths(schema);
    const present = valuePaths(example);
    const cases = fc.sample(fc.array(mutation(paths, present), { minLength: 1, maxLength: 3 }), {
      numRuns: 1000,
      seed: 20261202,
    });
    let bothAccept = 0;
    let bothRefuse = 0;
    const cliOnly: Issue[][] = [];
    const schemaOnly: string[] = [];
    for (const ops of cases) {
      let value: unknown = example;
      for (const m of ops)
        value = m.op === "delete" ? deletePath(value, m.path) : setPath(value, m.path, m.value);
      const cli = cliIssues(value);
      const ok = validate(value);
      if (cli.length === 0 && ok) bothAccept++;
      else if (cli.length > 0 && !ok) bothRefuse++;
      else if (cli.length > 0) cliOnly.push(cli);
      else schemaOnly.push(`${JSON.stringify(ops)}: ${JSON.stringify(validate.errors)}`);
    }
    const unexplained = cliOnly.filter(
      (issues) => !issues.some((i) => SCHEMA_CANNOT_EXPRESS.some((r) => r.issue.test(i.message))),
    );
    process.stderr.write(
      `cluster schema vs CLI on ${cases.length} fuzzed descriptions: ${bothAccept + bothRefuse} agree ` +
        `(${bothAccept} both accept, ${bothRefuse} both refuse), ${cliOnly.length} refused by the CLI only, ` +
        `${schemaOnly.length} refused by the schema only\n`,
    );
    expect(schemaOnly).toEqual([]);
    expect(unexplained.map((issues) => issues.map((i) => `${i.path}: ${i.message}`))).toEqual([]);
    expect(bothAccept).toBeGreaterThan(50);
    expect(bothRefuse).toBeGreaterThan(300);
  });
});
