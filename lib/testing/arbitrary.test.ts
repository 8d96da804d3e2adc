import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BinaryOp, Expr } from "../ast/nodes.js";
import {
  binaryOperators,
  expression,
  floatLiteral,
  FUZZ_SEED,
  identifierName,
  isPlainIdentifier,
  sourceFile,
} from "./arbitrary.js";

const SAMPLES = 1000;

/** Counts node kinds (and a few sub-kinds) over a sample of generated trees. */
function census(values: unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== "object") return;
    const r = v as Record<string, unknown>;
    if (typeof r["type"] === "string") bump(r["type"]);
    if (r["type"] === "binary") bump(`op ${r["op"] as BinaryOp}`);
    if (r["type"] === "unary") bump(`unary ${r["op"] as string}`);
    if (r["type"] === "select" && r["orDefault"]) bump("select-or");
    if (r["type"] === "inherit" && r["from"]) bump("inherit-from");
    if (r["type"] === "attrs" && r["rec"]) bump("rec");
    if (r["type"] === "setParam") {
      if (r["ellipsis"]) bump("ellipsis");
      const bind = r["bind"] as { position: string } | undefined;
      if (bind) bump(`bind ${bind.position}`);
    }
    if (r["type"] === "formal" && r["default"]) bump("formal-default");
    if (r["type"] === "string") bump(`string ${r["style"] as string}`);
    if (
      r["type"] === "path" &&
      (r["parts"] as unknown[]).some((p) => (p as { type: string }).type === "interpolation")
    )
      bump("path-interpolated");
    if (r["type"] === "blockComment") bump(r["doc"] ? "doc comment" : "block comment");
    if ((r["comments"] as { trailing?: string } | undefined)?.trailing !== undefined)
      bump("trailing comment");
    for (const k of Object.keys(r)) visit(r[k]);
  };
  values.forEach(visit);
  return counts;
}

describe("expression arbitrary", () => {
  const sample = fc.sample(sourceFile(), { seed: FUZZ_SEED, numRuns: SAMPLES });
  const counts = census(sample);

  it(`covers every node kind, operator and variant in ${SAMPLES} trees`, () => {
    const expected = [
      ...[
        "int",
        "float",
        "string",
        "path",
        "searchPath",
        "ident",
        "attrs",
        "list",
        "select",
        "hasAttr",
        "apply",
        "unary",
        "binary",
        "let",
        "with",
        "assert",
        "if",
        "lambda",
        "paren",
        "assignment",
        "inherit",
        "formal",
        "identParam",
        "setParam",
        "interpolation",
        "text",
        "lineComment",
        "blockComment",
        "emptyLine",
      ],
      ...binaryOperators.map((op) => `op ${op}`),
      "unary !",
      "unary -",
      "select-or",
      "inherit-from",
      "rec",
      "ellipsis",
      "bind before",
      "bind after",
      "formal-default",
      "string double",
      "string indented",
      "path-interpolated",
      "doc comment",
      "block comment",
      "trailing comment",
    ];
    const missing = expected.filter((k) => !counts.has(k));
    expect(missing).toEqual([]);
  });

  it("is deterministic for the fixed seed", () => {
    const again = fc.sample(sourceFile(), { seed: FUZZ_SEED, numRuns: 20 });
    expect(again).toEqual(sample.slice(0, 20));
  });

  it("never defines an attribute twice in one set or let (static names)", () => {
    const staticKey = (name: Expr | { type: string }): string | undefined => {
      const n = name as Expr;
      if (n.type === "ident") return n.name;
      if (n.type === "string" && n.parts.every((p) => p.type === "text"))
        return `"${n.parts.map((p) => (p.type === "text" ? p.raw : "")).join("")}`;
      return undefined;
    };
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (v === null || typeof v !== "object") return;
      const r = v as Record<string, unknown>;
      if (r["type"] === "attrs" || r["type"] === "let") {
        const keys: string[] = [];
        for (const b of r["bindings"] as { type: string; path?: Expr[]; names?: Expr[] }[]) {
          const names = b.type === "assignment" ? [b.path![0]!] : b.names!;
          for (const n of names) {
            const k = staticKey(n);
            if (k !== undefined) keys.push(k.replace(/^"/, ""));
          }
        }
        expect(new Set(keys).size, JSON.stringify(keys)).toBe(keys.length);
      }
      for (const k of Object.keys(r)) visit(r[k]);
    };
    visit(sample);
  });

  it("generates only valid identifiers and float literals", () => {
    for (const name of fc.sample(identifierName, { seed: FUZZ_SEED, numRuns: 500 }))
      expect(isPlainIdentifier(name), name).toBe(true);
    for (const f of fc.sample(floatLiteral, { seed: FUZZ_SEED, numRuns: 500 }))
      expect((f as { text: string }).text).toMatch(
        /^(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?$/,
      );
  });

  it("respects the depth bound", () => {
    const depthOf = (e: unknown): number => {
      if (Array.isArray(e)) return Math.max(0, ...e.map(depthOf));
      if (e === null || typeof e !== "object") return 0;
      const r = e as Record<string, unknown>;
      const inner = Math.max(
        0,
        ...Object.keys(r)
          .filter((k) => k !== "comments")
          .map((k) => depthOf(r[k])),
      );
      return inner + (typeof r["type"] === "string" ? 1 : 0);
    };
    for (const e of fc.sample(expression({ depth: 2 }), { seed: FUZZ_SEED, numRuns: 200 }))
      expect(depthOf(e)).toBeLessThanOrEqual(12);
  });
});
