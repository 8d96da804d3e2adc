/**
 * A direct path for plain-value trees, the ones `fromValue` makes from JSON-like data: sets of
 * plain bindings, lists, strings without interpolation, numbers, `true`/`false`/`null`, and no
 * comments or layout hints. It writes the text in one pass with nixfmt's rules for these nodes
 * instead of building and laying out a document, and gives byte for byte what the general printer
 * gives (a property test compares them on generated values at several widths and indents).
 *
 * The rules, as nixfmt applies them to data:
 * - a set with two or more bindings, a list with two or more items, and a multi-line string always
 *   break (their separators are hard line breaks), and so does everything around them;
 * - a non-empty set on the right of a binding always breaks (nixfmt writes it wide);
 * - a set or list with one element stays on one line when that line, with what follows it up to
 *   the next break (`;`), fits the width; otherwise it breaks;
 * - a negative number in a list is parenthesised;
 * - after a quoted key (not a plain name) a double-quoted string whose line does not fit moves to
 *   the next line, one step in;
 * - the width counts from a line's indentation, as nixfmt's layout counts it (its column excludes
 *   the indentation).
 */
import { isMarkedNode } from "../ast/build.js";
import { NixEmitError } from "../errors.js";
import { isIdentifier } from "../ast/escape.js";
import type { AttrName, Expr, StringLit } from "../ast/nodes.js";
import { quoteAttrName } from "./names.js";
import { checkRaw, checkedText } from "../ast/checkRaw.js";
import { textWidth } from "../nixfmt/layout.js";
import { MAX_PRINT_DEPTH } from "./options.js";

const FLOAT = /^(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?$/;
const MAX_INT = 9223372036854775807n;

/** Whether `name` is a plain attribute name (an identifier or a string without interpolation). */
function plainName(a: AttrName): boolean {
  if (!isMarkedNode(a)) return false;
  if (a.type === "ident") return isIdentifier(a.name);
  if (a.type !== "string" || a.style !== "double" || a.comments) return false;
  return a.parts.every((p) => p.type === "text");
}

function plainString(s: StringLit): boolean {
  if (s.comments || !s.parts.every((p) => p.type === "text")) return false;
  // The same safety check as the general printer: raw text must not end the literal.
  checkRaw(s.parts, s.style);
  if (s.style === "double") return true;
  // Indented strings on one line become double-quoted in the general printer; leave those to it.
  const raw = rawText(s.parts, "indented");
  return raw.includes("\n") && !/\n +$/.test(raw);
}

/**
 * Whether `x` itself is a plain-value node (its children are checked where they are visited):
 * builder-made, no comments or hints, a number, `true`/`false`/`null`, a string without
 * interpolation, a list, or a set of `name = value;` bindings with plain names.
 */
function plainNode(x: Expr): boolean {
  if (!isMarkedNode(x) || x.comments) return false;
  switch (x.type) {
    case "int":
      return typeof x.value === "bigint" && x.value >= 0n && x.value <= MAX_INT;
    case "float":
      return FLOAT.test(x.text);
    case "ident":
      return x.name === "true" || x.name === "false" || x.name === "null";
    case "unary":
      return (
        x.op === "-" && (x.expr.type === "int" || x.expr.type === "float") && plainNode(x.expr)
      );
    case "string":
      return plainString(x);
    case "list":
      return !x.multiline;
    case "attrs":
      if (x.rec || x.multiline || (x.endComments?.length ?? 0) > 0) return false;
      for (const b of x.bindings)
        if (b.type !== "assignment" || b.comments || b.path.length !== 1 || !plainName(b.path[0]!))
          return false;
      return true;
    default:
      return false;
  }
}

/**
 * Whether the fast path can print `e`: only builder-made plain-value nodes. Anything else
 * (comments, hints, expressions, hand-made objects) takes the general path.
 */
export function isPlainValue(e: Expr): boolean {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (!plainNode(x)) return false;
    if (x.type === "list") for (const i of x.items) stack.push(i);
    else if (x.type === "attrs")
      for (const b of x.bindings) if (b.type === "assignment") stack.push(b.value);
  }
  return true;
}

/**
 * The raw text of a string without interpolations, read once and checked as it is printed (a getter
 * cannot show the check one text and the printer another).
 */
function rawText(parts: StringLit["parts"], style: "double" | "indented"): string {
  return checkedText(parts, style);
}

const nameText = (a: AttrName): string => {
  if (a.type === "string") return `"${rawText(a.parts, "double")}"`;
  if (a.type !== "ident") return quoteAttrName("");
  const name = a.name; // read once: what is checked is what is printed
  return typeof name === "string" && isIdentifier(name) ? name : changedWhilePrinted("identifier");
};

/** A node whose field read differently when checked and when printed (a getter): refused. */
function changedWhilePrinted(what: string): never {
  throw new NixEmitError({
    path: "",
    message: `a ${what} node gave another value when printed than when checked`,
    hint: "build nodes as plain data (n.* builders); fields must not be getters that change",
  });
}

/** Where a value sits: on the right of a binding, as a list item, or the whole file. */
type Place = "rhs" | "item" | "top";

/**
 * The one-line text of `e`, or `undefined` when it must break. Sets with one binding whose value
 * is a non-empty set never fit (that value is written wide).
 */
function flat(e: Expr, place: Place): string | undefined {
  switch (e.type) {
    case "int": {
      const v = e.value; // each field read once and checked as printed
      return typeof v === "bigint" && v >= 0n && v <= MAX_INT
        ? v.toString()
        : changedWhilePrinted("integer");
    }
    case "float": {
      const t = e.text;
      return typeof t === "string" && FLOAT.test(t) ? t : changedWhilePrinted("float");
    }
    case "ident": {
      const name = e.name;
      return name === "true" || name === "false" || name === "null"
        ? name
        : changedWhilePrinted("identifier");
    }
    case "unary": {
      const inner = flat(e.expr, "rhs")!;
      return place === "item" ? `(-${inner})` : `-${inner}`;
    }
    case "string": {
      const style = e.style;
      return style === "double" ? `"${rawText(e.parts, style)}"` : undefined;
    }
    case "list": {
      if (e.items.length === 0) return "[ ]";
      if (e.items.length > 1) return undefined;
      const item = flat(plain(e.items[0]!), "item");
      return item === undefined ? undefined : `[ ${item} ]`;
    }
    case "attrs": {
      if (e.bindings.length === 0) return "{ }";
      if (e.bindings.length > 1 || place === "rhs") return undefined;
      const b = e.bindings[0]!;
      if (b.type !== "assignment") return undefined;
      if (b.value.type === "attrs" && b.value.bindings.length > 0) return undefined;
      const v = flat(plain(b.value), "rhs");
      return v === undefined ? undefined : `{ ${nameText(b.path[0]!)} = ${v}; }`;
    }
    default:
      return undefined;
  }
}

/** Thrown where the direct path leaves a case to the general printer. */
const FALLBACK: unique symbol = Symbol("fallback");

/** `x`, when it is a plain-value node; otherwise the general printer takes the whole tree. */
function plain(x: Expr): Expr {
  if (!plainNode(x)) throw FALLBACK;
  return x;
}

/**
 * The text of a plain-value tree, or `undefined` when `e` is not one (see `isPlainValue`), nests
 * deeper than `MAX_PRINT_DEPTH`, or takes one of the rare layouts left to the general printer.
 * Plainness is checked node by node as the text is written: one walk.
 */
export function printPlain(e: Expr, width: number, step: number): string | undefined {
  try {
    return printPlainOrThrow(e, width, step);
  } catch (err) {
    if (err === FALLBACK) return undefined;
    throw err;
  }
}

function printPlainOrThrow(e: Expr, width: number, step: number): string {
  // The text is joined from small pieces in batches: concatenating them one by one made a rope of
  // millions of cells that all survive into the result, and collecting them was most of the time.
  const chunks: string[] = [];
  const pieces: string[] = [];
  const put = (t: string) => {
    pieces.push(t);
    if (pieces.length === 4096) {
      chunks.push(pieces.join(""));
      pieces.length = 0;
    }
  };
  let col = 0;
  /** The indentation of the current line: nixfmt's width limit applies to what follows it. */
  let lineIndent = 0;
  const write = (t: string) => {
    put(t);
    col += textWidth(t);
  };
  const breaks: string[] = [];
  const newline = (indent: number) => {
    put((breaks[indent] ??= "\n" + " ".repeat(indent)));
    col = indent;
    lineIndent = indent;
  };

  /**
   * Writes `e` (a plain node: its caller checked it with `plain`) at the current column; `indent`
   * is its line's indentation, `after` what follows.
   */
  const emit = (e: Expr, place: Place, indent: number, after: number, depth: number): void => {
    // Deep trees go to the general printer, which reports the depth limit.
    if (depth > MAX_PRINT_DEPTH) throw FALLBACK;
    const one =
      e.type === "attrs" && place === "rhs" && e.bindings.length > 0 ? undefined : flat(e, place);
    if (one !== undefined) {
      if (col - lineIndent + textWidth(one) + after <= width || !breakable(e, place)) {
        write(one);
        return;
      }
      // A one-element set or list (or a parenthesised negative item) that does not fit breaks,
      // as its group does in nixfmt's layout; its content is then laid out on its own lines.
    }
    switch (e.type) {
      case "list":
        write("[");
        for (const item of e.items) {
          newline(indent + step);
          emit(plain(item), "item", indent + step, 0, depth + 1);
        }
        newline(indent);
        write("]");
        return;
      case "attrs":
        write("{");
        for (const b of e.bindings) {
          if (b.type !== "assignment") continue;
          newline(indent + step);
          const key = nameText(b.path[0]!);
          // Measured once: every rule below counts from it.
          const keyWidth = textWidth(key);
          const v = plain(b.value);
          if (absorbable(v)) {
            // Where even `key = [` does not fit, nixfmt's choice depends on finer rules: the
            // general printer decides (only at very small widths).
            if (v.type !== "string" && col - lineIndent + keyWidth + 4 > width) throw FALLBACK;
            // After a quoted key (not a plain name, so nixfmt may break after `=`), a double-quoted
            // string whose line does not fit moves to the next line; the width counts from the
            // line's indentation, as in nixfmt's layout.
            if (v.type === "string" && key.startsWith('"')) {
              const first = v.style === "double" ? textWidth(flat(v, "rhs")!) + 1 : 2;
              if (col - lineIndent + keyWidth + 3 + first > width) {
                if (v.style !== "double") throw FALLBACK;
                write(`${key} =`);
                newline(indent + 2 * step);
                write(`${flat(v, "rhs")!};`);
                continue;
              }
            }
            // In pieces, here and below: a joined line would be built, then measured and copied
            // again.
            put(key);
            put(" = ");
            col += keyWidth + 3;
            emit(v, "rhs", indent + step, 1, depth + 1);
          } else {
            const one = flat(v, "rhs")!;
            // A value that is not absorbed (a number, null, an empty set or list) moves to the next
            // line when it does not fit, by rules of its own: the general printer decides.
            const lineWidth = keyWidth + 3 + textWidth(one);
            if (col - lineIndent + lineWidth + 1 > width) throw FALLBACK;
            put(key);
            put(" = ");
            put(one);
            col += lineWidth;
          }
          write(";");
        }
        newline(indent);
        write("}");
        return;
      case "string": {
        // A multi-line indented string: its lines one level in, the closing quotes after the last.
        const raw = rawText(e.parts, "indented");
        const lines = raw.split("\n");
        write("''");
        lines.forEach((l, i) => {
          if (i === lines.length - 1 && l === "") {
            newline(indent);
            return;
          }
          put("\n" + (l === "" ? "" : " ".repeat(indent + step) + l));
          col = l === "" ? 0 : indent + step + textWidth(l);
          lineIndent = l === "" ? 0 : indent + step;
        });
        write("''");
        return;
      }
      case "unary": {
        // A negative list item is parenthesised; the parentheses break when it does not fit.
        const inner = flat(e, "rhs")!;
        write("(");
        newline(indent + step);
        write(inner);
        newline(indent);
        write(")");
        return;
      }
      default:
        write(one ?? "");
    }
  };
  emit(plain(e), "top", 0, 0, 1);
  pieces.push("\n");
  chunks.push(pieces.join(""));
  return chunks.join("");
}

/** Whether `e` can be written over several lines (a set or list with content, a long string). */
function breakable(e: Expr, place: Place): boolean {
  return (
    (e.type === "list" && e.items.length > 0) ||
    (e.type === "attrs" && e.bindings.length > 0) ||
    (e.type === "string" && e.style === "indented") ||
    (e.type === "unary" && place === "item")
  );
}

/**
 * Whether a binding's value starts on the binding's line whatever its width (nixfmt's absorbed
 * right-hand sides: non-empty sets and lists, and strings); other values may move to the next line.
 */
function absorbable(e: Expr): boolean {
  return (
    (e.type === "list" && e.items.length > 0) ||
    (e.type === "attrs" && e.bindings.length > 0) ||
    e.type === "string"
  );
}
