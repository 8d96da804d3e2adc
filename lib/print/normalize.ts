/**
 * Makes an AST printable as the official formatter would print the same source: inserts the
 * parentheses that precedence, associativity and the term grammar require (trees built with the
 * builders have none), turns one-line indented strings into double-quoted ones (as nixfmt's parser
 * does), and rejects identifiers that are not valid Nix.
 */
import type {
  AttrName,
  Binary,
  Binding,
  Expr,
  Formal,
  Param,
  StringLit,
  StringPart,
} from "../ast/nodes.js";
import { assertNever } from "../ast/nodes.js";
import { binaryOperandPrec, binaryOps, operandPrec, precedenceOf } from "../ast/precedence.js";
import { checkRaw, copyParts } from "../ast/checkRaw.js";
import { NixEmitError } from "../errors.js";
import { isIdentifier } from "./names.js";
import { bindingOrigin, originOf } from "../nixfmt/lift.js";

function paren(e: Expr): Expr {
  return { type: "paren", expr: e };
}

function operand(e: Expr, minPrec: number): Expr {
  const n = normalize(e);
  if (precedenceOf(n) >= minPrec) return n;
  if (!e.comments) return paren(n);
  // The comments go before the parentheses, not inside them.
  const { comments, ...bare } = e;
  return { type: "paren", expr: normalize(bare as Expr), comments };
}

function checkIdent(name: string, what: string): void {
  // `true`, `false`, `null` and builtins are ordinary identifiers; keywords and junk are not.
  // `or` is a keyword only after a selection: Nix reads it as a name elsewhere (as nixfmt does).
  if (!isIdentifier(name) && name !== "or")
    throw new NixEmitError({
      path: "",
      message: `${JSON.stringify(name)} is not a valid Nix ${what}`,
      hint: "identifiers match [a-zA-Z_][a-zA-Z0-9_'-]* and are not keywords; use a quoted attribute name or a string instead",
    });
}

/** The parts copied once (getters read once) and checked as printed; interpolations normalised. */
function stringParts(parts: readonly StringPart[], style: "double" | "indented"): StringPart[] {
  return checkRaw(parts, style).map((p) =>
    p.type === "text" ? p : { ...p, expr: normalize(p.expr) },
  );
}

/**
 * Indented-string text (without `\` or `"`) as double-quoted text, read left to right as Nix's
 * lexer does: `'''$` is `'''` then `$`, not `'` then `''$`.
 */
function indentedToDouble(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "'" && raw[i + 1] === "'" && (raw[i + 2] === "$" || raw[i + 2] === "'")) {
      out += raw[i + 2] === "$" ? "\\$" : "''";
      i += 2;
    } else out += raw[i];
  }
  return out;
}

/** nixfmt prints a one-line indented string without `"` or `\` as a double-quoted string. */
export function normalizeString(input: StringLit): StringLit {
  // One copy of the node: its fields are read once, so the checks see what is printed.
  const s: StringLit = { ...input, style: input.style === "indented" ? "indented" : "double" };
  let parts = stringParts(s.parts, s.style);
  if (s.style !== "indented") return { ...s, parts };
  // A last line of only spaces is dropped by Nix when read back (it holds the closing `''`).
  const last = parts[parts.length - 1];
  if (last?.type === "text" && /\n +$/.test(last.raw))
    parts = [...parts.slice(0, -1), { type: "text", raw: last.raw.replace(/ +$/, "") }];
  const texts = parts.filter((p) => p.type === "text").map((p) => p.raw);
  if (texts.some((t) => t.includes("\n") || t.includes('"') || t.includes("\\")))
    return { ...s, parts };
  return {
    ...s,
    style: "double",
    parts: parts.map((p) =>
      p.type === "text" ? { type: "text", raw: indentedToDouble(p.raw) } : p,
    ),
  };
}

function attrName(a: AttrName): AttrName {
  switch (a.type) {
    case "ident":
      return a;
    case "string":
      return { ...a, style: "double", parts: stringParts(a.parts, "double") };
    case "interpolation":
      return { ...a, expr: normalize(a.expr) };
    default:
      return assertNever(a);
  }
}

function binding(b: Binding): Binding {
  // A parsed binding, unchanged, is printed from the tokens it was read from.
  if (bindingOrigin(b) !== undefined) return b;
  if (b.type === "assignment")
    return { ...b, path: b.path.map(attrName), value: normalize(b.value) };
  return { ...b, names: b.names.map(attrName), ...(b.from ? { from: normalize(b.from) } : {}) };
}

function formal(f: Formal): Formal {
  checkIdent(f.name, "formal parameter name");
  return f.default ? { ...f, default: normalize(f.default) } : f;
}

function param(p: Param): Param {
  if (p.type === "identParam") {
    checkIdent(p.name, "parameter name");
    return p;
  }
  if (p.bind) checkIdent(p.bind.name, "parameter name");
  return { ...p, formals: p.formals.map(formal) };
}

/** Whether the first token of an expression is a path literal. */
function startsWithPath(e: Expr): boolean {
  switch (e.type) {
    case "path":
      return true;
    case "apply":
      return startsWithPath(e.fn);
    case "select":
    case "hasAttr":
      return startsWithPath(e.expr);
    case "binary":
      return startsWithPath(e.left);
    default:
      return false;
  }
}

/**
 * Comments before a call, an operation or a selection belong to its first token, which is its
 * left-most operand's (as nixfmt and the parser attach them): move them there.
 */
function pushCommentsLeft(e: Expr): Expr {
  if (e.type !== "apply" && e.type !== "binary" && e.type !== "select" && e.type !== "hasAttr")
    return e;
  const all = e.comments?.before;
  // Blank lines stay with the node (they only mean something between items); comments move.
  const moving = all?.filter((t) => t.type !== "emptyLine") ?? [];
  if (moving.length === 0) return e;
  const staying = all!.filter((t) => t.type === "emptyLine");
  const { trailing } = e.comments!;
  const comments =
    staying.length > 0 || trailing !== undefined
      ? {
          comments: {
            ...(staying.length > 0 ? { before: staying } : {}),
            ...(trailing !== undefined ? { trailing } : {}),
          },
        }
      : {};
  const withBefore = (child: Expr): Expr =>
    pushCommentsLeft({
      ...child,
      comments: { ...child.comments, before: [...moving, ...(child.comments?.before ?? [])] },
    });
  const { comments: _dropped, ...bare } = e;
  switch (e.type) {
    case "apply":
      return { ...bare, ...comments, fn: withBefore(e.fn) } as Expr;
    case "binary":
      return { ...bare, ...comments, left: withBefore(e.left) } as Expr;
    default:
      return { ...bare, ...comments, expr: withBefore(e.expr) } as Expr;
  }
}

/** Nix's float literal (its lexer's FLOAT): a decimal point is required. */
const FLOAT = /^(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?$/;
/** Characters a path literal's text may hold: none of them can end the path token. */
const PATH_TEXT = /^[A-Za-z0-9._\-+~/]*$/;
const SEARCH_PATH = /^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/;
const UNARY_OPS = new Set(["!", "-"]);
const BINARY_OPS = new Set(Object.keys(binaryOps));

/** A tree node whose text the printer would copy verbatim, checked so no text becomes code. */
function invalid(what: string, value: unknown): never {
  throw new NixEmitError({
    path: "",
    message: `not a valid ${what}: ${JSON.stringify(value)}`,
    hint: "build nodes with the n.* builders (or parse them); hand-made objects are not nodes",
  });
}

/**
 * A chain of one associative operator (`a + b + … + z`, thousands long in generated code),
 * normalised along its spine with a loop: recursion would exhaust the stack.
 */
function normalizeChain(top: Binary): Expr {
  const right = binaryOps[top.op].assoc === "right";
  const side = (b: Binary): Expr => (right ? b.right : b.left);
  const spine: Binary[] = [top];
  let end = side(top);
  while (end.type === "binary" && end.op === top.op && !end.comments) {
    spine.push(end);
    end = side(end);
  }
  let acc = operand(end, binaryOperandPrec(top.op, right ? "right" : "left"));
  for (let i = spine.length - 1; i >= 0; i--) {
    const b = spine[i]!;
    const other = right
      ? operand(b.left, binaryOperandPrec(b.op, "left"))
      : operand(b.right, binaryOperandPrec(b.op, "right"));
    acc = right ? { ...b, left: other, right: acc } : { ...b, left: acc, right: other };
  }
  return acc;
}

export function normalize(input: Expr): Expr {
  // A parsed node, unchanged, is printed from the tokens it was read from: it needs nothing.
  if (originOf(input) !== undefined) return input;
  const e = pushCommentsLeft(input);
  switch (e.type) {
    case "int": {
      const c = { ...e }; // fields read once: checked as printed
      if (typeof c.value !== "bigint") invalid("integer literal", c.value);
      if (c.value < 0n || c.value > 9223372036854775807n)
        throw new NixEmitError({
          path: "",
          message: `integer literal ${c.value} is outside 0..9223372036854775807`,
          hint: "negative numbers are unary minus over a literal: use n.int(-1)",
        });
      return c;
    }
    case "float": {
      const c = { ...e }; // fields read once: checked as printed
      if (typeof c.text !== "string" || !FLOAT.test(c.text)) invalid("float literal", c.text);
      return c;
    }
    case "searchPath": {
      const c = { ...e }; // fields read once: checked as printed
      if (typeof c.path !== "string" || !SEARCH_PATH.test(c.path)) invalid("<search> path", c.path);
      return c;
    }
    case "ident": {
      const c = { ...e }; // fields read once: checked as printed
      if (typeof c.name !== "string") invalid("identifier", c.name);
      if (!isIdentifier(c.name) && !["true", "false", "null"].includes(c.name))
        checkIdent(c.name, "identifier");
      return c;
    }
    case "string":
      return normalizeString(e);
    case "path": {
      const parts = copyParts(e.parts).map((p) =>
        p.type === "text" ? p : { ...p, expr: normalize(p.expr) },
      );
      for (const p of parts)
        if (p.type === "text" && !PATH_TEXT.test(p.raw)) invalid("path literal text", p.raw);
      return { ...e, parts };
    }
    case "attrs":
      return { ...e, bindings: e.bindings.map(binding) };
    case "list":
      return { ...e, items: e.items.map((i) => operand(i, operandPrec.listItem)) };
    case "select": {
      let base = operand(e.expr, operandPrec.selectExpr);
      // `1.a`, `./a.nix.b` would lex differently.
      if (base.type === "int" || base.type === "float" || base.type === "path") base = paren(base);
      return {
        ...e,
        expr: base,
        path: e.path.map(attrName),
        ...(e.orDefault ? { orDefault: operand(e.orDefault, operandPrec.selectDefault) } : {}),
      };
    }
    case "hasAttr":
      return { ...e, expr: operand(e.expr, operandPrec.hasAttrExpr), path: e.path.map(attrName) };
    case "apply":
      return {
        ...e,
        fn: operand(e.fn, operandPrec.applyFn),
        arg: operand(e.arg, operandPrec.applyArg),
      };
    case "unary": {
      if (!UNARY_OPS.has(e.op)) invalid("unary operator", e.op);
      const inner = operand(e.expr, e.op === "-" ? operandPrec.negate : operandPrec.not);
      // `-./a` would lex as one path: `-` is a path character.
      return { ...e, expr: e.op === "-" && startsWithPath(inner) ? paren(inner) : inner };
    }
    case "binary":
      if (!BINARY_OPS.has(e.op)) invalid("binary operator", e.op);
      if (binaryOps[e.op].assoc !== "none") return normalizeChain(e);
      return {
        ...e,
        left: operand(e.left, binaryOperandPrec(e.op, "left")),
        right: operand(e.right, binaryOperandPrec(e.op, "right")),
      };
    case "let":
      // Comments before `in` stay there: nixfmt ends the bindings with them.
      return { ...e, bindings: e.bindings.map(binding), body: normalize(e.body) };
    case "with":
      return { ...e, env: normalize(e.env), body: normalize(e.body) };
    case "assert":
      return { ...e, cond: normalize(e.cond), body: normalize(e.body) };
    case "if":
      return { ...e, cond: normalize(e.cond), then: normalize(e.then), else: normalize(e.else) };
    case "lambda":
      return { ...e, param: param(e.param), body: normalize(e.body) };
    case "paren":
      return { ...e, expr: normalize(e.expr) };
    default:
      return invalid("expression node", (e as { type?: unknown }).type);
  }
}
