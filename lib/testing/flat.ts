/**
 * `printFlat`: a fully parenthesised one-line rendering of any AST, independent of the real
 * printer's layout rules. It is the oracle of the differential tests: Nix must parse `print(ast)` and
 * `printFlat(ast)` to the same tree. Comments are dropped; indented strings keep their lines.
 *
 * @module
 */
import type { AttrName, Binding, Expr, Param, SourceFile, StringPart } from "../ast/nodes.js";
import { assertNever } from "../ast/nodes.js";
import { checkRaw } from "../ast/checkRaw.js";
import { isIdentifier, quoteAttrName } from "../print/names.js";
import { normalizeString } from "../print/normalize.js";
import { MAX_PRINT_DEPTH } from "../print/print.js";
import { depthOf } from "../ast/transform.js";
import { NixEmitError } from "../errors.js";

function parts(ps: readonly StringPart[]): string {
  return ps.map((p) => (p.type === "text" ? p.raw : `\${${flat(p.expr)}}`)).join("");
}

function attrName(a: AttrName): string {
  switch (a.type) {
    case "ident":
      return isIdentifier(a.name) ? a.name : quoteAttrName(a.name);
    case "string":
      checkRaw(a.parts, "double");
      return `"${parts(a.parts)}"`;
    case "interpolation":
      return `\${${flat(a.expr)}}`;
    default:
      return assertNever(a);
  }
}

/** Splits string parts into source lines (empty text pieces dropped). */
function splitLines(parts: readonly StringPart[]): StringPart[][] {
  const lines: StringPart[][] = [[]];
  for (const p of parts) {
    if (p.type === "interpolation") {
      lines[lines.length - 1]!.push(p);
      continue;
    }
    p.raw.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece !== "") lines[lines.length - 1]!.push({ type: "text", raw: piece });
    });
  }
  return lines;
}

/**
 * An indented string with every non-empty line indented by two spaces, as the printer lays it out,
 * so that Nix's indentation stripping (which leaves visible traces in `--parse` output) matches.
 */
function indented(ps: readonly StringPart[]): string {
  const lines = splitLines(ps);
  if (lines.length === 1) return `''${parts(ps)}''`;
  const body = lines.map((l) => (l.length === 0 ? "" : "  " + parts(l))).join("\n");
  return `''\n${body}''`;
}

const attrPath = (p: readonly AttrName[]) => p.map(attrName).join(".");

function binding(b: Binding): string {
  if (b.type === "assignment") return `${attrPath(b.path)} = ${flat(b.value)};`;
  const from = b.from ? ` (${flat(b.from)})` : "";
  return `inherit${from} ${b.names.map(attrName).join(" ")};`;
}

function param(p: Param): string {
  if (p.type === "identParam") return p.name;
  const items = p.formals.map((f) => (f.default ? `${f.name} ? ${flat(f.default)}` : f.name));
  if (p.ellipsis) items.push("...");
  const set = `{ ${items.join(", ")} }`;
  if (!p.bind) return set;
  return p.bind.position === "before" ? `${p.bind.name}@${set}` : `${set}@${p.bind.name}`;
}

function flat(e: Expr): string {
  switch (e.type) {
    case "int":
      return e.value.toString();
    case "float":
      return e.text;
    case "ident":
      return e.name;
    case "searchPath":
      return `<${e.path}>`;
    case "string": {
      // One-line indented strings become double-quoted ones, as in the printer (and nixfmt), so
      // that Nix's parse trees are comparable.
      const s = e.style === "indented" ? normalizeString(e) : e;
      checkRaw(s.parts, s.style);
      return s.style === "double" ? `"${parts(s.parts)}"` : indented(s.parts);
    }
    case "path":
      return parts(e.parts);
    case "attrs":
      return `${e.rec ? "rec " : ""}{ ${e.bindings.map(binding).join(" ")} }`;
    case "list":
      return `[ ${e.items.map((i) => `(${flat(i)})`).join(" ")} ]`;
    case "select":
      return `((${flat(e.expr)}).${attrPath(e.path)}${e.orDefault ? ` or (${flat(e.orDefault)})` : ""})`;
    case "hasAttr":
      return `((${flat(e.expr)}) ? ${attrPath(e.path)})`;
    case "apply":
      return `((${flat(e.fn)}) (${flat(e.arg)}))`;
    case "unary":
      return `(${e.op}(${flat(e.expr)}))`;
    case "binary":
      return `((${flat(e.left)}) ${e.op} (${flat(e.right)}))`;
    case "let":
      return `(let ${e.bindings.map(binding).join(" ")} in (${flat(e.body)}))`;
    case "with":
      return `(with (${flat(e.env)}); (${flat(e.body)}))`;
    case "assert":
      return `(assert (${flat(e.cond)}); (${flat(e.body)}))`;
    case "if":
      return `(if (${flat(e.cond)}) then (${flat(e.then)}) else (${flat(e.else)}))`;
    case "lambda":
      return `(${param(e.param)}: (${flat(e.body)}))`;
    case "paren":
      return `(${flat(e.expr)})`;
    default:
      return assertNever(e);
  }
}

/** Fully parenthesised Nix text of an expression or file, with a final newline. */
export function printFlat(node: Expr | SourceFile): string {
  const expr = node.type === "file" ? node.expr : node;
  const depth = depthOf(expr);
  if (depth > MAX_PRINT_DEPTH)
    throw new NixEmitError({
      path: "",
      message: `expression nested too deeply to print: depth ${depth} exceeds ${MAX_PRINT_DEPTH}`,
    });
  return flat(expr) + "\n";
}
