/**
 * The nix-emit syntax tree (builders, `fromValue`, `parse`) into nixfmt's token-level tree, so that
 * built trees and formatted source are printed by the same rules (`pretty.ts`).
 *
 * Comments a node carries become trivia of its tokens where nixfmt's parser would have put them:
 * comments before an item or binding stand alone before it, comments before an expression go to its
 * first token, a trailing comment to its last token, comments before `then`, `else`, `in` and
 * closing brackets to that token. Layout hints kept from source (`multiline`, `bodyOnNewLine`)
 * become token lines, as nixfmt reads them; in strict mode every token is on line 1.
 *
 * Comment text is made safe here, the one place every comment passes through: a line break in a
 * `#` comment starts a new `#` line, a block comment containing `*\/` is written as `#` lines.
 *
 * @module
 */
import type * as A from "../ast/nodes.js";
import { assertNever } from "../ast/nodes.js";
import { escapeDoubleQuoted, isIdentifier } from "../ast/escape.js";
import { checkRaw } from "../ast/checkRaw.js";
import { normalizeLine, splitLines } from "./strings.js";
import type {
  Binder,
  Expression,
  Item,
  Leaf,
  ParamAttr,
  Parameter,
  Selector,
  SimpleSelector,
  StringPart,
  Term,
  TokenKind,
  Trivium,
  Whole,
} from "./tree.js";
import {
  ann,
  firstToken,
  mapFirstToken,
  mapFirstTokenTerm,
  mapLastToken,
  operation,
} from "./tree.js";
import { bindingOrigin, fileOrigin, originOf } from "./lift.js";
import { expression as strictExpression, strictBinder, strictLines } from "./strictLines.js";

const LINE_BREAK = /\r\n|\r|\n/;

/** Comment trivia of the nix-emit tree as nixfmt trivia, made safe. */
export function lowerTrivia(ts: readonly A.Trivium[] | undefined): Trivium[] {
  const out: Trivium[] = [];
  for (const t of ts ?? []) {
    switch (t.type) {
      case "emptyLine":
        out.push({ k: "emptyLine" });
        break;
      case "lineComment":
        for (const l of String(t.text).split(LINE_BREAK))
          out.push({ k: "lineComment", text: l.trimEnd() });
        break;
      case "blockComment": {
        const all = t.lines.flatMap((l) => String(l).split(LINE_BREAK));
        while (all.length > 0 && all[0]!.trim() === "") all.shift();
        while (all.length > 0 && all[all.length - 1]!.trim() === "") all.pop();
        if (all.length === 0) break;
        if (all.some((l) => l.includes("*/"))) {
          for (const l of all)
            out.push({ k: "lineComment", text: l === "" ? "" : ` ${l}`.trimEnd() });
          break;
        }
        // nixfmt reads a one-line `/* x */` as the line comment `# x`.
        if (!t.doc && all.length === 1) {
          out.push({ k: "lineComment", text: " " + all[0]!.trim() });
          break;
        }
        // Common indentation is not part of the text (the parser removes it too).
        const common = Math.min(
          ...all.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length),
        );
        out.push({
          k: "blockComment",
          doc: t.doc,
          lines: all.map((l) => (l.trim() === "" ? "" : l.slice(common).trimEnd())),
        });
        break;
      }
      default:
        assertNever(t, "comment");
    }
  }
  return out;
}

function lowerTrailing(text: string | undefined): string | null {
  if (text === undefined) return null;
  const one = String(text)
    .replace(/[\r\n]+/g, " ")
    .replace(/^\s+/, "")
    .trimEnd();
  return one === "" ? null : one;
}

/** Lowers a whole file (or a bare expression) for printing. */
export function lowerFile(
  expr: A.Expr,
  end: readonly A.Trivium[] | undefined,
  strict: boolean,
): Whole<Expression> {
  return { value: new Lowering(strict).expr(expr), trivia: lowerTrivia(end) };
}

/**
 * Lowers a parsed file: an unchanged one is the token tree it was lifted from (as `fmt` reads the
 * source), a changed one is lowered node by node, its unchanged subtrees taken back as read.
 */
export function lowerSourceFile(file: A.SourceFile, strict: boolean): Whole<Expression> {
  const origin = fileOrigin(file);
  if (origin !== undefined) return strict ? strictLines(origin) : origin;
  return lowerFile(file.expr, file.endComments, strict);
}

class Lowering {
  constructor(private readonly strict: boolean) {}

  /** The line of a closing token: 2 where a layout hint says "on another line". */
  private line(hint: boolean | undefined): number {
    return !this.strict && hint === true ? 2 : 1;
  }

  private tok(text: string, kind: TokenKind = "sym", line = 1): Leaf {
    return ann({ kind, text }, line);
  }

  /** An expression with its own comments on its first and last tokens. */
  expr(e: A.Expr): Expression {
    // A parsed node, unchanged: the tokens it was lifted from, with their comments.
    const origin = originOf(e);
    if (origin !== undefined) return this.strict ? strictExpression(origin) : origin;
    const core = this.exprCore(e);
    return this.withComments(core, e.comments);
  }

  private withComments(x: Expression, c: A.Comments | undefined): Expression {
    if (!c) return x;
    const pre = lowerTrivia(c.before);
    const trail = lowerTrailing(c.trailing);
    let out = x;
    if (pre.length > 0) out = mapFirstToken(out, (a) => ({ ...a, pre: [...pre, ...a.pre] }));
    if (trail !== null)
      out = mapLastToken(out, (a) => ({
        ...a,
        trail: a.trail === null ? trail : `${a.trail} ${trail}`,
      }));
    return out;
  }

  /** A term position: an expression that is not a term gets parentheses (normalize adds them). */
  term(e: A.Expr): Term {
    const x = this.expr(e);
    if (x.k === "term") return x.term;
    return { k: "paren", open: this.tok("("), expr: x, close: this.tok(")") };
  }

  private exprCore(e: A.Expr): Expression {
    switch (e.type) {
      case "int":
      case "float":
      case "string":
      case "path":
      case "searchPath":
      case "ident":
      case "attrs":
      case "list":
      case "select":
      case "paren":
        return { k: "term", term: this.termCore(e) };
      case "hasAttr":
        return {
          k: "memberCheck",
          expr: this.expr(e.expr),
          q: this.tok("?"),
          sels: this.selectors(e.path, false),
        };
      case "apply":
        return { k: "application", f: this.expr(e.fn), a: this.expr(e.arg) };
      case "unary":
        return e.op === "!"
          ? { k: "inversion", bang: this.tok("!"), expr: this.expr(e.expr) }
          : { k: "negation", minus: this.tok("-"), expr: this.expr(e.expr) };
      case "binary": {
        // The left spine iteratively (long chains are left-nested); each node keeps its comments.
        const spine: A.Binary[] = [];
        let cur: A.Expr = e;
        while (cur.type === "binary") {
          spine.push(cur);
          cur = cur.left;
        }
        let acc = this.expr(cur);
        for (let i = spine.length - 1; i >= 0; i--) {
          const b = spine[i]!;
          acc = operation(acc, this.tok(b.op), this.expr(b.right));
          if (i > 0) acc = this.withComments(acc, b.comments);
        }
        return acc;
      }
      case "let": {
        const items = this.bindings(e.bindings, e.endComments);
        return {
          k: "let",
          let: this.tok("let"),
          items,
          in: this.tok("in"),
          body: this.expr(e.body),
        };
      }
      case "with":
        return {
          k: "with",
          with: this.tok("with"),
          env: this.expr(e.env),
          semi: this.tok(";"),
          body: this.expr(e.body),
        };
      case "assert":
        return {
          k: "assert",
          assert: this.tok("assert"),
          cond: this.expr(e.cond),
          semi: this.tok(";"),
          body: this.expr(e.body),
        };
      case "if":
        return {
          k: "if",
          if: this.tok("if"),
          cond: this.expr(e.cond),
          then: { ...this.tok("then"), pre: lowerTrivia(e.thenComments) },
          a: this.expr(e.then),
          else: { ...this.tok("else"), pre: lowerTrivia(e.elseComments) },
          b: this.expr(e.else),
        };
      case "lambda": {
        // The colon's line says whether the body starts on another line (the body may be a
        // parsed one, with its source lines).
        const param = this.param(e.param);
        const body = this.expr(e.body);
        const bodyLine = firstToken(body).line;
        const colonLine = !this.strict && e.bodyOnNewLine === true ? bodyLine - 1 : bodyLine;
        return { k: "abstraction", param, colon: this.tok(":", "sym", colonLine), body };
      }
      default:
        return assertNever(e);
    }
  }

  private termCore(e: A.Expr): Term {
    switch (e.type) {
      case "int":
        return { k: "token", leaf: this.tok(e.value.toString(), "int") };
      case "float":
        return { k: "token", leaf: this.tok(e.text, "float") };
      case "ident":
        return { k: "token", leaf: this.tok(e.name, "ident") };
      case "searchPath":
        return { k: "token", leaf: this.tok(`<${e.path}>`, "envPath") };
      case "string":
        return this.string(e);
      case "path":
        return { k: "path", ann: ann(normalizeLine(this.parts(e.parts))) };
      case "attrs":
        return {
          k: "set",
          rec: e.rec ? this.tok("rec") : null,
          open: this.tok("{"),
          items: this.bindings(e.bindings, e.endComments),
          close: this.tok("}", "sym", this.line(e.multiline)),
        };
      case "list": {
        const items: Item<Term>[] = [];
        for (const it of e.items) {
          // As nixfmt's parser: whatever stands before an item's first token is a comments item.
          let pre: Trivium[] = [];
          const value = mapFirstTokenTerm(this.term(it), (a) => {
            pre = [...a.pre];
            return { ...a, pre: [] };
          });
          if (pre.length > 0) items.push({ k: "comments", trivia: pre });
          items.push({ k: "item", value });
        }
        const end = lowerTrivia(e.endComments);
        if (end.length > 0) items.push({ k: "comments", trivia: end });
        return {
          k: "list",
          open: this.tok("["),
          items,
          close: this.tok("]", "sym", this.line(e.multiline)),
        };
      }
      case "select":
        return {
          k: "selection",
          term: this.term(e.expr),
          sels: this.selectors(e.path, true),
          def: e.orDefault ? { or: this.tok("or"), term: this.term(e.orDefault) } : null,
        };
      case "paren":
        return { k: "paren", open: this.tok("("), expr: this.expr(e.expr), close: this.tok(")") };
      default:
        throw new Error(`not a term: ${e.type}`);
    }
  }

  private parts(parts: readonly A.StringPart[]): StringPart[] {
    return parts.map((p) =>
      p.type === "text"
        ? { k: "text", text: p.raw }
        : {
            k: "interpolation",
            whole: { value: this.withComments(this.expr(p.expr), p.comments), trivia: [] },
          },
    );
  }

  private lines(parts: readonly A.StringPart[]): StringPart[][] {
    return splitLines(this.parts(parts)).map(normalizeLine);
  }

  private string(s: A.StringLit): Term {
    checkRaw(s.parts, s.style);
    const value = this.lines(s.parts);
    return s.style === "double"
      ? { k: "simpleString", ann: ann(value) }
      : { k: "indentedString", cut: null, ann: ann(value) };
  }

  private simpleSelector(a: A.AttrName): SimpleSelector {
    switch (a.type) {
      case "ident":
        return isIdentifier(a.name) || a.name === "or"
          ? { k: "id", leaf: this.tok(a.name, "ident") }
          : {
              k: "string",
              ann: ann([[{ k: "text", text: escapeDoubleQuoted(a.name) }]]),
            };
      case "string":
        checkRaw(a.parts, "double");
        return { k: "string", ann: ann(this.lines(a.parts)) };
      case "interpolation":
        return {
          k: "interpolation",
          ann: ann<StringPart>({
            k: "interpolation",
            whole: { value: this.withComments(this.expr(a.expr), a.comments), trivia: [] },
          }),
        };
      default:
        return assertNever(a);
    }
  }

  private selectors(path: readonly A.AttrName[], dotted: boolean): Selector[] {
    return path.map((p, i) => ({
      dot: dotted || i > 0 ? this.tok(".") : null,
      sel: this.simpleSelector(p),
    }));
  }

  private bindings(
    bs: readonly A.Binding[],
    end: readonly A.Trivium[] | undefined,
  ): Item<Binder>[] {
    const items: Item<Binder>[] = [];
    for (const b of bs) {
      const origin = bindingOrigin(b);
      if (origin !== undefined) {
        if (origin.pre.length > 0) items.push({ k: "comments", trivia: origin.pre });
        items.push({ k: "item", value: this.strict ? strictBinder(origin.binder) : origin.binder });
        continue;
      }
      const pre = lowerTrivia(b.comments?.before);
      if (pre.length > 0) items.push({ k: "comments", trivia: pre });
      items.push({ k: "item", value: this.binder(b) });
    }
    const e = lowerTrivia(end);
    if (e.length > 0) items.push({ k: "comments", trivia: e });
    return items;
  }

  private binder(b: A.Binding): Binder {
    const semi = { ...this.tok(";"), trail: lowerTrailing(b.comments?.trailing) };
    if (b.type === "assignment")
      return {
        k: "assignment",
        sels: this.selectors(b.path, false),
        eq: this.tok("="),
        expr: this.expr(b.value),
        semi,
      };
    return {
      k: "inherit",
      inherit: this.tok("inherit"),
      from: b.from
        ? { k: "paren", open: this.tok("("), expr: this.expr(b.from), close: this.tok(")") }
        : null,
      sels: b.names.map((n) => this.simpleSelector(n)),
      semi: { ...semi, line: this.line(b.multiline) },
    };
  }

  private param(p: A.Param): Parameter {
    if (p.type === "identParam") return { k: "id", leaf: this.tok(p.name, "ident") };
    const attrs: ParamAttr[] = p.formals.map((f, i) => {
      const last = i === p.formals.length - 1 && !p.ellipsis;
      const name = { ...this.tok(f.name, "ident"), pre: lowerTrivia(f.comments?.before) };
      const trail = lowerTrailing(f.comments?.trailing);
      const def = f.default ? { q: this.tok("?"), expr: this.expr(f.default) } : null;
      const comma = last ? null : { ...this.tok(","), trail };
      if (last && trail !== null) {
        if (def)
          return {
            k: "attr",
            name,
            def: { ...def, expr: mapLastToken(def.expr, (a) => ({ ...a, trail })) },
            comma,
          };
        return { k: "attr", name: { ...name, trail }, def, comma };
      }
      return { k: "attr", name, def, comma };
    });
    if (p.ellipsis) attrs.push({ k: "ellipsis", leaf: this.tok("...") });
    const set: Parameter = {
      k: "set",
      open: this.tok("{"),
      attrs,
      close: { ...this.tok("}", "sym", this.line(p.multiline)), pre: lowerTrivia(p.endComments) },
    };
    if (!p.bind) return set;
    const id: Parameter = { k: "id", leaf: this.tok(p.bind.name, "ident") };
    return p.bind.position === "before"
      ? { k: "context", first: id, at: this.tok("@"), second: set }
      : { k: "context", first: set, at: this.tok("@"), second: id };
  }
}
