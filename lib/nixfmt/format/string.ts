/**
 * nixfmt's rules (`Pretty.hs`) for strings and paths: their parts, interpolations, simple and
 * indented strings.
 *
 * @module
 */
import {
  type Doc,
  cat,
  catAll,
  empty,
  group,
  line_,
  nest,
  newline,
  offset,
  rawText,
  sepBy,
  surroundWith,
  text,
  unexpandSpacing,
} from "../doc.js";
import { textWidth } from "../layout.js";
import type { Expression, StringLines, StringPart } from "../tree.js";
import { isLone } from "../tree.js";
import { isSimpleSelector, parenInner, prettyTerm } from "./term.js";
import { prettyExpr, prettyWhole } from "./stmt.js";
import { isAbsorbable } from "./absorb.js";

export function isSimple(e: Expression): boolean {
  switch (e.k) {
    case "term": {
      const t = e.term;
      switch (t.k) {
        case "simpleString":
        case "indentedString":
        case "path":
          return isLone(t.ann);
        case "token":
          return isLone(t.leaf) && t.leaf.value.kind !== "sym";
        case "selection":
          return (
            isSimple({ k: "term", term: t.term }) &&
            t.sels.every(isSimpleSelector) &&
            t.def === null
          );
        case "paren":
          return isLone(t.open) && isLone(t.close) && isSimple(t.expr);
        default:
          return false;
      }
    }
    case "application":
      if (e.f.k === "application" && e.f.f.k === "application") return false;
      return isSimple(e.f) && isSimple(e.a);
    default:
      return false;
  }
}

export function prettyStringPart(p: StringPart): Doc {
  if (p.k === "text") return text(p.text);
  const w = p.whole;
  if (w.trivia.length === 0) {
    if (w.value.k === "term" && isAbsorbable(w.value.term))
      return group(cat(text("${"), prettyTerm(w.value.term), text("}")));
    if (isSimple(w.value)) {
      const d = prettyExpr(w.value);
      return cat(text("${"), unexpandSpacing(d) ?? d, text("}"));
    }
  }
  const whole = prettyWhole(w);
  const inner = unexpandSpacing(whole, 30) ?? surroundWith(line_, nest(whole));
  return group(cat(text("${"), inner, text("}")));
}

const isSpaces = (t: string) => /^ *$/.test(t);

export function prettyParts(parts: readonly StringPart[]): Doc {
  if (parts.length === 1 && parts[0]!.k === "interpolation" && parts[0]!.whole.trivia.length === 0)
    return prettyParts([{ k: "text", text: "" }, parts[0]!]);
  if (parts.length === 2) {
    const [a, b] = parts;
    if (
      a!.k === "text" &&
      b!.k === "interpolation" &&
      b!.whole.trivia.length === 0 &&
      isSpaces(a!.text)
    )
      return cat(
        text(a!.text),
        offset(
          textWidth(a!.text),
          group(cat(text("${"), nest(parenInner(b!.whole.value)), text("}"))),
        ),
      );
  }
  if (parts.length === 1 && parts[0]!.k === "interpolation")
    return group(
      cat(text("${"), surroundWith(line_, nest(prettyWhole(parts[0]!.whole))), text("}")),
    );
  const first = parts[0];
  if (first?.k === "text") {
    const indentation = textWidth(/^\s*/u.exec(first.text)![0]);
    return cat(text(first.text), offset(indentation, catAll(parts.slice(1).map(prettyStringPart))));
  }
  return catAll(parts.map(prettyStringPart));
}

export function prettySimpleString(lines: StringLines): Doc {
  return group(cat(text('"'), sepBy(text("\n"), lines.map(prettyParts)), text('"')));
}

/**
 * An indented string. When a disabled region cuts through it (`cut` holds the stripped
 * indentation), every line keeps its original columns; interpolated code is still formatted.
 */
export function prettyIndentedString(cut: string | null, lines: StringLines): Doc {
  const rawLine = (ind: string, l: readonly StringPart[]): Doc => {
    if (l.length === 0) return empty;
    const h = l[0]!;
    if (h.k !== "text") return cat(rawText(ind), prettyParts(l));
    const ws = /^\s*/u.exec(h.text)![0];
    const content = h.text.slice(ws.length);
    return cat(
      rawText(ind + ws),
      offset(textWidth(ws), prettyParts([{ k: "text", text: content }, ...l.slice(1)])),
    );
  };
  const prettyLine = cut === null ? prettyParts : (l: readonly StringPart[]) => rawLine(cut, l);
  return group(
    cat(
      text("''"),
      lines.length >= 2 ? line_ : empty,
      nest(sepBy(newline, lines.map(prettyLine))),
      text("''"),
    ),
  );
}
