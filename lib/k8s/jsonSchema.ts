/**
 * The cluster description as a JSON Schema (draft 2020-12), derived from the same schema objects
 * that validate it (`clusterSchema`), so a field added there appears here by itself. Editors use it
 * for completion and checking of `cluster.json` (`"$schema": "./cluster.schema.json"`, the file
 * written by `nix-emit generate --print-schema`).
 *
 * A JSON Schema expresses the structure: types, enums, ranges, patterns (taint keys and values),
 * required and unknown fields, and fields required when another has a value (`requiredWhen`: the
 * bridge pod network needs `clusterCidr` and `nodes`). Rules beyond that (`refine`, `validatedBy`: relations between fields, label syntax, IP
 * addresses, flag names, ...) are left to `nix-emit generate`; such places carry
 * `"x-nix-emit-rules": true`. The differences are listed in `docs/k8s.md` and measured by
 * `jsonSchema.test.ts`.
 *
 * @module
 */
import { clusterSchema } from "./cluster.js";
import type { Field, RequiredWhen, Schema, StructSchema } from "./schema.js";

/** A JSON Schema object. */
export type JsonSchema = { readonly [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonSchema;

/** The dialect of the schemas written here. */
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

const isStruct = (s: Schema<unknown>): s is StructSchema<Record<string, never>> =>
  s.kind === "struct" && "fields" in s;

const integer = (minimum: number, maximum: number): JsonSchema => ({
  type: "integer",
  minimum,
  maximum,
});

/** The structure a schema's kind stands for (without title, description or rules). */
function structure(schema: Schema<unknown>): JsonSchema {
  const pattern = schema.pattern;
  const child = (s: Schema<unknown> | undefined, what: string): JsonSchema => {
    if (s === undefined) throw new Error(`a ${schema.kind} schema without its ${what}`);
    return toJsonSchema(s);
  };
  switch (schema.kind) {
    case "string":
    case "flagString":
    case "duration":
    case "quantity":
    case "quantityOrPercent":
    case "url":
    case "absolutePath":
    case "filePath":
      return { type: "string", ...(pattern !== undefined ? { pattern } : {}) };
    case "boolean":
      return { type: "boolean" };
    case "int32":
      return integer(-2147483648, 2147483647);
    case "int64":
      return integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case "port":
      return integer(1, 65535);
    case "float64":
      return { type: "number" };
    case "enum":
    case "literal":
      return { enum: [...(schema.values ?? [])] };
    case "list":
      return { type: "array", items: child(schema.item, "item") };
    case "map":
      return { type: "object", additionalProperties: child(schema.item, "value") };
    case "either":
      return { anyOf: (schema.options ?? []).map((o) => toJsonSchema(o)) };
    case "anything":
      return {};
    case "struct": {
      if (!isStruct(schema)) throw new Error("a struct schema without fields");
      const properties: Record<string, JsonSchema> = {};
      const fields: Readonly<Record<string, Field<unknown>>> = schema.fields;
      for (const [name, field] of Object.entries(fields))
        properties[name] = { ...toJsonSchema(field.schema), description: field.doc };
      return {
        type: "object",
        properties,
        additionalProperties: false,
        ...(schema.required && schema.required.length > 0
          ? { required: [...schema.required] }
          : {}),
      };
    }
    default:
      // A new kind of schema must say what it is in JSON Schema terms here.
      throw new Error(`no JSON Schema for schema kind ${JSON.stringify(schema.kind)}`);
  }
}

/**
 * `requiredWhen` as `if`/`then`: when the value at the path equals the string, the fields are
 * required (`{ if: { properties: { podNetwork: { properties: { type: { const: "bridge" } } } } },
 * then: { required: ["nodes"] } }`, every level required so that a missing one does not match).
 */
function conditional(r: RequiredWhen): JsonSchema {
  const test = [...r.when]
    .reverse()
    .reduce<JsonSchema>(
      (inner, key) => ({ type: "object", properties: { [key]: inner }, required: [key] }),
      { const: r.equals },
    );
  // `properties` names the required fields again (their schemas are the parent's): strict
  // validators want every required name defined where it is required.
  const then: JsonSchema = {
    type: "object",
    properties: Object.fromEntries(r.names.map((name) => [name, true])),
    required: [...r.names],
  };
  return { if: test, then };
}

/** The JSON Schema of one schema object: its structure, its description as the title. */
export function toJsonSchema(schema: Schema<unknown>): JsonSchema {
  return {
    title: schema.description,
    ...structure(schema),
    ...(schema.requiredWhen && schema.requiredWhen.length > 0
      ? { allOf: schema.requiredWhen.map(conditional) }
      : {}),
    ...(schema.rules ? { "x-nix-emit-rules": true } : {}),
  };
}

/** The JSON Schema of `cluster.json`, as `nix-emit generate --print-schema` prints it. */
export function clusterJsonSchema(): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: "https://github.com/nix-emit/nix-emit/cluster.schema.json",
    ...toJsonSchema(clusterSchema as Schema<unknown>),
    title: "nix-emit cluster description (cluster.json)",
    description:
      "The Kubernetes cluster `nix-emit generate --config cluster.json` turns into NixOS modules. Rules beyond a JSON Schema (marked x-nix-emit-rules) are checked by nix-emit generate.",
    // Rules across sections (one controller at least, unique node names, ...).
    "x-nix-emit-rules": true,
  };
}
