/**
 * nixfmt's token tree lifted into the nix-emit AST: the one way `parse` reads source (the token
 * tree is read by the fast reader, or from tree-sitter's syntax tree where it gives up, with
 * nixfmt's comment rule).
 *
 * Comments: the token tree gives every comment and blank line to a token. A token that starts or
 * ends a node gives its trivia to that node, the innermost one (`comments.before` / `trailing`);
 * a comments item of a set, `let`, list or formals goes before the next binding, item or formal,
 * or into `endComments` before the closing token; trivia of the tokens inside a construct (after
 * `=`, around an operator, a `.`, `then`, ...) goes to the next node read (`then`/`else` have
 * their own fields), and what is left at the end of the file to the file's `endComments`. So the
 * AST alone carries every comment.
 *
 * Origins: every lifted node whose own comments are exactly the trivia of its tokens is linked to
 * the tokens it was read from (`originOf`, `bindingOrigin`, `fileOrigin`). The printer lowers such
 * a node by taking those tokens back (`fromAst.ts`), so a parsed tree prints as `nix-emit fmt`
 * formats its source, and a changed tree keeps nixfmt's placement of the comments in every
 * subtree it did not change. Nodes are immutable, so an unchanged node object is an unchanged
 * subtree.
 *
 * @module
 */
import type * as A from "../ast/nodes.js";
import { markNode } from "../ast/build.js";
import { binaryOps } from "../ast/precedence.js";
import type {
  Ann,
  Binder,
  Expression,
  Item,
  Items,
  Leaf,
  Parameter,
  Selector,
  SimpleSelector,
  StringLines,
  StringPart,
  Term,
  Trivia,
  Whole,
} from "./tree.js";
import { firstToken, mapFirstTokenTerm } from "./tree.js";

const MAX_INT = 9223372036854775807n;

/** A binding's tokens and the comments item before it (as nixfmt's parser keeps them). */
export interface BindingOrigin {
  readonly pre: Trivia;
  readonly binder: Binder;
}

const exprOrigins = new WeakMap<A.Expr, Expression>();
const bindingOrigins = new WeakMap<A.Binding, BindingOrigin>();
const fileOrigins = new WeakMap<A.SourceFile, Whole<Expression>>();

/** The tokens an unchanged parsed expression was lifted from (with their trivia), if any. */
export function originOf(e: A.Expr): Expression | undefined {
  return exprOrigins.get(e);
}

/** The tokens an unchanged parsed binding was lifted from, if any. */
export function bindingOrigin(b: A.Binding): BindingOrigin | undefined {
  return bindingOrigins.get(b);
}

/** The token tree an unchanged parsed file was lifted from, if any. */
export function fileOrigin(f: A.SourceFile): Whole<Expression> | undefined {
  return fileOrigins.get(f);
}

/** Something the AST cannot hold (a pipe, an integer too large), at a token of `line`. */
export class LiftError extends Error {
  constructor(
    readonly line: number,
    readonly token: string,
    message: string,
  ) {
    super(message);
  }
}

/** Lifts a token tree read from source (not in strict mode: layout hints come from lines). */
export function liftFile(w: Whole<Expression>): A.SourceFile {
  const l = new Lifter();
  const expr = l.expr(w.value);
  const end = [...l.take(), ...l.trivia(w.trivia)];
  const file: A.SourceFile =
    end.length > 0 ? { type: "file", expr, endComments: end } : { type: "file", expr };
  fileOrigins.set(file, w);
  return file;
}

type Comments = { before?: A.Trivium[]; trailing?: string };

function withComments<T extends A.NodeBase>(node: T, c: Comments): T {
  const add = c.before ?? [];
  if (add.length === 0 && c.trailing === undefined) return node;
  const before = [...add, ...(node.comments?.before ?? [])];
  const had = node.comments?.trailing;
  const trailing =
    had === undefined ? c.trailing : c.trailing === undefined ? had : `${had} ${c.trailing}`;
  return {
    ...node,
    comments: {
      ...(before.length > 0 ? { before } : {}),
      ...(trailing !== undefined ? { trailing } : {}),
    },
  };
}

function joinLines(
  lines: readonly (readonly StringPart[])[],
  lift: (w: Whole<Expression>) => A.Expr,
): A.StringPart[] {
  const out: A.StringPart[] = [];
  const text = (raw: string) => {
    const last = out[out.length - 1];
    if (last?.type === "text") out[out.length - 1] = { type: "text", raw: last.raw + raw };
    else if (raw !== "") out.push({ type: "text", raw });
  };
  lines.forEach((line, i) => {
    if (i > 0) text("\n");
    for (const p of line)
      if (p.k === "text") text(p.text);
      else out.push({ type: "interpolation", expr: lift(p.whole) });
  });
  return out;
}

class Lifter {
  /** Trivia of tokens inside a construct, for the next node read. */
  private pending: A.Trivium[] = [];

  take(): A.Trivium[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  trivia(ts: Trivia): A.Trivium[] {
    const out: A.Trivium[] = [];
    for (const t of ts) {
      switch (t.k) {
        case "emptyLine":
          out.push({ type: "emptyLine" });
          break;
        case "lineComment":
          out.push({ type: "lineComment", text: t.text });
          break;
        case "blockComment":
          out.push({ type: "blockComment", doc: t.doc, lines: t.lines });
          break;
        case "languageAnnotation":
          out.push({ type: "blockComment", doc: false, lines: [t.lang] });
          break;
        case "directive":
          out.push({
            type: "blockComment",
            doc: false,
            lines: [t.directive.k === "disable" ? "nixfmt:disable" : "nixfmt:enable"],
          });
          break;
        default: {
          const never: never = t;
          throw new Error(`unknown trivium ${JSON.stringify(never)}`);
        }
      }
    }
    return out;
  }

  /** A token inside a construct: its trivia goes to the next node read. */
  private inner(a: Ann<unknown> | null): void {
    if (a === null) return;
    if (a.pre.length > 0) this.pending.push(...this.trivia(a.pre));
    if (a.trail !== null) this.pending.push({ type: "lineComment", text: ` ${a.trail}` });
  }

  /** The first token of a node: its leading trivia (pending trivia first). */
  private first(a: Ann<unknown>): A.Trivium[] {
    const p = this.take();
    return a.pre.length > 0 ? [...p, ...this.trivia(a.pre)] : p;
  }

  /** The comments of a node from its first and last own tokens. */
  private own(first: Ann<unknown> | null, last: Ann<unknown> | null): Comments {
    const before = first === null ? [] : this.trivia(first.pre);
    const c: Comments = {};
    if (before.length > 0) c.before = before;
    if (last !== null && last.trail !== null) c.trailing = last.trail;
    return c;
  }

  /** An expression; it takes the trivia pending before it (and then has no origin of its own). */
  expr(x: Expression): A.Expr {
    const pending = this.take();
    const node = markNode(this.exprCore(x));
    if (pending.length === 0) {
      exprOrigins.set(node, x);
      return node;
    }
    return markNode(withComments(node, { before: pending }));
  }

  private exprCore(x: Expression): A.Expr {
    switch (x.k) {
      case "term":
        return this.termCore(x.term);
      case "with": {
        const c = this.own(x.with, null);
        this.inner({ ...x.with, pre: [] });
        const env = this.expr(x.env);
        this.inner(x.semi);
        return withComments<A.With>({ type: "with", env, body: this.expr(x.body) }, c);
      }
      case "assert": {
        const c = this.own(x.assert, null);
        this.inner({ ...x.assert, pre: [] });
        const cond = this.expr(x.cond);
        this.inner(x.semi);
        return withComments<A.Assert>({ type: "assert", cond, body: this.expr(x.body) }, c);
      }
      case "let": {
        const c = this.own(x.let, null);
        this.inner({ ...x.let, pre: [] });
        const { bindings, end } = this.binders(x.items);
        const endComments = [...end, ...this.take(), ...this.trivia(x.in.pre)];
        this.inner({ ...x.in, pre: [] });
        const body = this.expr(x.body);
        const node: A.Let =
          endComments.length > 0
            ? { type: "let", bindings, body, endComments }
            : { type: "let", bindings, body };
        return withComments(node, c);
      }
      case "if": {
        const c = this.own(x.if, null);
        this.inner({ ...x.if, pre: [] });
        const cond = this.expr(x.cond);
        const thenComments = [...this.take(), ...this.trivia(x.then.pre)];
        this.inner({ ...x.then, pre: [] });
        const then = this.expr(x.a);
        const elseComments = [...this.take(), ...this.trivia(x.else.pre)];
        this.inner({ ...x.else, pre: [] });
        const node: A.If = {
          type: "if",
          cond,
          then,
          else: this.expr(x.b),
          ...(thenComments.length > 0 ? { thenComments } : {}),
          ...(elseComments.length > 0 ? { elseComments } : {}),
        };
        return withComments(node, c);
      }
      case "abstraction": {
        const { param, comments } = this.parameter(x.param);
        this.inner(x.colon);
        const body = this.expr(x.body);
        const bodyOnNewLine = x.colon.line !== firstToken(x.body).line;
        const node: A.Lambda = bodyOnNewLine
          ? { type: "lambda", param, body, bodyOnNewLine }
          : { type: "lambda", param, body };
        return withComments(node, comments);
      }
      case "application":
        return { type: "apply", fn: this.expr(x.f), arg: this.expr(x.a) };
      case "operation": {
        const left = this.expr(x.l);
        const op = x.op.value.text;
        if (!Object.hasOwn(binaryOps, op))
          throw new LiftError(
            x.op.line,
            op,
            `the pipe operator ${op} is experimental Nix and not in nix-emit's syntax tree (nix-emit fmt formats it)`,
          );
        this.inner(x.op);
        return { type: "binary", op: op as A.BinaryOp, left, right: this.expr(x.r) };
      }
      case "memberCheck": {
        const expr = this.expr(x.expr);
        this.inner(x.q);
        return { type: "hasAttr", expr, path: this.selectors(x.sels) };
      }
      case "negation":
      case "inversion": {
        const tok = x.k === "negation" ? x.minus : x.bang;
        const c = this.own(tok, null);
        this.inner({ ...tok, pre: [] });
        const node: A.Unary = {
          type: "unary",
          op: x.k === "negation" ? "-" : "!",
          expr: this.expr(x.expr),
        };
        return withComments(node, c);
      }
      default: {
        const never: never = x;
        throw new Error(`unknown expression ${JSON.stringify(never)}`);
      }
    }
  }

  private termExpr(t: Term): A.Expr {
    return this.expr({ k: "term", term: t });
  }

  private termCore(t: Term): A.Expr {
    switch (t.k) {
      case "token":
        return withComments(this.token(t.leaf), this.own(t.leaf, t.leaf));
      case "simpleString":
      case "indentedString": {
        const c = this.own(t.ann, null);
        const parts = this.stringParts(t.ann.value);
        const style = t.k === "simpleString" ? "double" : "indented";
        return withComments<A.StringLit>(
          { type: "string", style, parts },
          { ...c, ...this.trail(t.ann) },
        );
      }
      case "path": {
        const c = this.own(t.ann, null);
        const parts = this.stringParts([t.ann.value]);
        return withComments<A.PathLit>({ type: "path", parts }, { ...c, ...this.trail(t.ann) });
      }
      case "list": {
        const c = this.own(t.open, null);
        this.inner({ ...t.open, pre: [] });
        const items: A.Expr[] = [];
        let before: A.Trivium[] = [];
        let beforeTokens: Trivia = [];
        for (const it of t.items) {
          if (it.k === "comments") {
            before.push(...this.trivia(it.trivia));
            beforeTokens = [...beforeTokens, ...it.trivia];
            continue;
          }
          items.push(this.item(it.value, before, beforeTokens));
          before = [];
          beforeTokens = [];
        }
        const endComments = [...this.take(), ...before, ...this.trivia(t.close.pre)];
        const multiline = t.open.line !== t.close.line;
        const node: A.List = {
          type: "list",
          items,
          ...(endComments.length > 0 ? { endComments } : {}),
          ...(multiline ? { multiline } : {}),
        };
        return withComments(node, { ...c, ...this.trail(t.close) });
      }
      case "set": {
        const c = this.own(t.rec ?? t.open, null);
        if (t.rec !== null) {
          this.inner({ ...t.rec, pre: [] });
          this.inner(t.open);
        } else this.inner({ ...t.open, pre: [] });
        const { bindings, end } = this.binders(t.items);
        const endComments = [...end, ...this.take(), ...this.trivia(t.close.pre)];
        const multiline = t.open.line !== t.close.line;
        const node: A.AttrSet = {
          type: "attrs",
          rec: t.rec !== null,
          bindings,
          ...(endComments.length > 0 ? { endComments } : {}),
          ...(multiline ? { multiline } : {}),
        };
        return withComments(node, { ...c, ...this.trail(t.close) });
      }
      case "selection": {
        const expr = this.termExpr(t.term);
        const path = this.selectors(t.sels);
        if (t.def === null) return { type: "select", expr, path };
        this.inner(t.def.or);
        return { type: "select", expr, path, orDefault: this.termExpr(t.def.term) };
      }
      case "paren": {
        const c = this.own(t.open, null);
        this.inner({ ...t.open, pre: [] });
        const expr = this.expr(t.expr);
        this.inner({ ...t.close, trail: null });
        return withComments<A.Paren>({ type: "paren", expr }, { ...c, ...this.trail(t.close) });
      }
      default: {
        const never: never = t;
        throw new Error(`unknown term ${JSON.stringify(never)}`);
      }
    }
  }

  private trail(a: Ann<unknown>): Comments {
    return a.trail === null ? {} : { trailing: a.trail };
  }

  /** A list item: the comments item before it goes before it, in the AST and in its origin. */
  private item(t: Term, before: A.Trivium[], beforeTokens: Trivia): A.Expr {
    const pending = this.take();
    const node = markNode(this.termCore(t));
    if (pending.length > 0)
      return markNode(withComments(node, { before: [...pending, ...before] }));
    const withBefore = before.length > 0 ? markNode(withComments(node, { before })) : node;
    const origin =
      beforeTokens.length === 0
        ? t
        : mapFirstTokenTerm(t, (a) => ({ ...a, pre: [...beforeTokens, ...a.pre] }));
    exprOrigins.set(withBefore, { k: "term", term: origin });
    return withBefore;
  }

  private token(leaf: Leaf): A.Expr {
    const { kind, text } = leaf.value;
    switch (kind) {
      case "int": {
        const value = BigInt(text);
        if (value > MAX_INT)
          throw new LiftError(
            leaf.line,
            text,
            `integer ${text} is too large (at most 9223372036854775807)`,
          );
        return { type: "int", value };
      }
      case "float":
        return { type: "float", text };
      case "ident":
        return { type: "ident", name: text };
      case "envPath":
        return { type: "searchPath", path: text.slice(1, -1) };
      case "sym":
        throw new LiftError(leaf.line, text, `syntax error: unexpected ${JSON.stringify(text)}`);
      default: {
        const never: never = kind;
        throw new Error(`unknown token ${String(never)}`);
      }
    }
  }

  private stringParts(lines: StringLines): A.StringPart[] {
    return joinLines(lines, (w) => {
      const expr = this.expr(w.value);
      // Comments before the closing `}` go to the next node read.
      this.pending.push(...this.trivia(w.trivia));
      return expr;
    });
  }

  private binders(items: Items<Binder>): { bindings: A.Binding[]; end: A.Trivium[] } {
    const bindings: A.Binding[] = [];
    let before: A.Trivium[] = [];
    let beforeTokens: Trivia = [];
    for (const it of items as readonly Item<Binder>[]) {
      if (it.k === "comments") {
        before.push(...this.trivia(it.trivia));
        beforeTokens = [...beforeTokens, ...it.trivia];
        continue;
      }
      bindings.push(this.binding(it.value, before, beforeTokens));
      before = [];
      beforeTokens = [];
    }
    return { bindings, end: before };
  }

  private binding(b: Binder, before: A.Trivium[], beforeTokens: Trivia): A.Binding {
    const pending = this.take();
    let node: A.Binding;
    if (b.k === "assignment") {
      const firstSel = b.sels[0]!;
      const own = this.own(selectorToken(firstSel), null);
      const path = this.selectors(b.sels, true);
      this.inner(b.eq);
      const value = this.expr(b.expr);
      this.inner({ ...b.semi, trail: null });
      node = withComments<A.Assignment>(
        { type: "assignment", path, value },
        { ...own, ...this.trail(b.semi) },
      );
    } else {
      const own = this.own(b.inherit, null);
      this.inner({ ...b.inherit, pre: [] });
      let from: A.Expr | undefined;
      if (b.from !== null) {
        if (b.from.k === "paren") {
          this.inner(b.from.open);
          from = this.expr(b.from.expr);
          this.inner(b.from.close);
        } else from = this.termExpr(b.from);
      }
      const names = b.sels.map((s) => this.simpleSelector(s));
      this.inner({ ...b.semi, trail: null });
      const multiline = b.inherit.line !== b.semi.line;
      node = withComments<A.Inherit>(
        {
          type: "inherit",
          names,
          ...(from !== undefined ? { from } : {}),
          ...(multiline ? { multiline } : {}),
        },
        { ...own, ...this.trail(b.semi) },
      );
    }
    node = markNode(withComments(node, { before: [...pending, ...before] }));
    if (pending.length === 0) bindingOrigins.set(node, { pre: beforeTokens, binder: b });
    return node;
  }

  private selectors(sels: readonly Selector[], skipFirstPre = false): A.AttrName[] {
    return sels.map((s, i) => {
      if (s.dot !== null) this.inner(s.dot);
      return this.simpleSelector(s.sel, skipFirstPre && i === 0);
    });
  }

  private simpleSelector(s: SimpleSelector, skipPre = false): A.AttrName {
    const tok = simpleSelectorToken(s);
    this.inner(skipPre ? { ...tok, pre: [] } : tok);
    switch (s.k) {
      case "id":
        return { type: "ident", name: s.leaf.value.text };
      case "string":
        return { type: "string", style: "double", parts: this.stringParts(s.ann.value) };
      case "interpolation": {
        const p = s.ann.value;
        if (p.k !== "interpolation") throw new Error("an interpolation selector without one");
        const expr = this.expr(p.whole.value);
        this.pending.push(...this.trivia(p.whole.trivia));
        return { type: "interpolation", expr };
      }
      default: {
        const never: never = s;
        throw new Error(`unknown selector ${JSON.stringify(never)}`);
      }
    }
  }

  /** A lambda's parameter, and the comments of its first token (the lambda's). */
  private parameter(p: Parameter): { param: A.Param; comments: Comments } {
    switch (p.k) {
      case "id": {
        const comments = this.own(p.leaf, null);
        this.inner({ ...p.leaf, pre: [] });
        return { param: { type: "identParam", name: p.leaf.value.text }, comments };
      }
      case "set": {
        const comments = this.own(p.open, null);
        this.inner({ ...p.open, pre: [] });
        return { param: this.formals(p), comments };
      }
      case "context": {
        const first = this.parameter(p.first);
        this.inner(p.at);
        const second = this.parameter(p.second);
        this.pending.push(...(second.comments.before ?? []));
        const set = first.param.type === "setParam" ? first.param : second.param;
        const id = first.param.type === "identParam" ? first.param : second.param;
        if (set.type !== "setParam" || id.type !== "identParam")
          throw new Error("an `@` pattern without a set and a name");
        return {
          param: {
            ...set,
            bind: { name: id.name, position: first.param === id ? "before" : "after" },
          },
          comments: first.comments,
        };
      }
      default: {
        const never: never = p;
        throw new Error(`unknown parameter ${JSON.stringify(never)}`);
      }
    }
  }

  private formals(p: Extract<Parameter, { k: "set" }>): A.SetParam {
    const formals: A.Formal[] = [];
    let ellipsis = false;
    for (const a of p.attrs) {
      if (a.k === "ellipsis") {
        ellipsis = true;
        this.inner(a.leaf);
        continue;
      }
      const before = this.first(a.name);
      this.inner({ ...a.name, pre: [] });
      let def: A.Expr | undefined;
      if (a.def !== null) {
        this.inner(a.def.q);
        def = this.expr(a.def.expr);
      }
      let trailing: string | undefined;
      if (a.comma !== null) {
        this.inner({ ...a.comma, trail: null });
        if (a.comma.trail !== null) trailing = a.comma.trail;
      }
      const f: A.Formal =
        def !== undefined
          ? { type: "formal", name: a.name.value.text, default: def }
          : { type: "formal", name: a.name.value.text };
      formals.push(
        markNode(
          withComments(f, {
            before,
            ...(trailing !== undefined ? { trailing } : {}),
          }),
        ),
      );
    }
    const endComments = [...this.take(), ...this.trivia(p.close.pre)];
    this.inner({ ...p.close, pre: [] });
    const multiline = p.open.line !== p.close.line;
    return {
      type: "setParam",
      formals,
      ellipsis,
      ...(endComments.length > 0 ? { endComments } : {}),
      ...(multiline ? { multiline } : {}),
    };
  }
}

function simpleSelectorToken(s: SimpleSelector): Ann<unknown> {
  switch (s.k) {
    case "id":
      return s.leaf;
    case "string":
    case "interpolation":
      return s.ann;
    default: {
      const never: never = s;
      throw new Error(`unknown selector ${JSON.stringify(never)}`);
    }
  }
}

function selectorToken(s: Selector): Ann<unknown> {
  return s.dot ?? simpleSelectorToken(s.sel);
}
