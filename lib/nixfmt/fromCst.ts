/**
 * tree-sitter-nix's concrete syntax tree into nixfmt's token-level tree, trivia attached to tokens
 * as nixfmt's parser attaches them (`attach.ts`).
 *
 * The tree is assumed free of syntax errors (checked before, by the parser front end).
 *
 * @module
 */
import { SyntaxError_ } from "../treesitter/errors.js";
import type { SyntaxNode } from "../treesitter/treeSitter.js";

/** Nix's non-associative operator classes: `==`/`!=`, and `<`/`>`/`<=`/`>=`. */
function comparisonClass(op: string): "equality" | "order" | undefined {
  if (op === "==" || op === "!=") return "equality";
  if (op === "<" || op === ">" || op === "<=" || op === ">=") return "order";
  return undefined;
}
import type {
  Ann,
  Binder,
  Expression,
  Item,
  Leaf,
  ParamAttr,
  Parameter,
  Selector,
  SimpleSelector,
  StringLines,
  StringPart,
  Term,
  TokenKind,
  Whole,
} from "./tree.js";
import { Attacher } from "./attach.js";
import { normalizeLine } from "./strings.js";
import { operation } from "./tree.js";

/** Converts a checked CST. `source` is the original text (the CST may be of a masked copy). */
export function fromCst(source: string, root: SyntaxNode, strict: boolean): Whole<Expression> {
  return new Converter(source, strict).file(root);
}

class Converter extends Attacher {
  /** A token ending at `end`: takes pending trivia, builds its value, reads the trivia after it. */
  private lex<T>(end: number, row: number, build: () => T): Ann<T> {
    const pre = this.take();
    return this.annotated(pre, build(), end, row);
  }

  private leaf(node: SyntaxNode, kind: TokenKind = "sym", text?: string): Leaf {
    const t = text ?? this.src.slice(node.startIndex, node.endIndex);
    // Building the value needs nothing pending: no closure, as `lex` takes for tokens that do.
    return this.annotated(this.take(), { kind, text: t }, node.endIndex, node.startRow);
  }

  /**
   * A chain of `->`, `|>` and `<|` (tree-sitter reads them all as `->`, right-nested), grouped as
   * nixfmt's parser groups them: `->`, then `|>` (to the left), then `<|` (to the right), each
   * binding less than the one before. Iterative: pipelines can be long.
   */
  private arrowChain(node: SyntaxNode): Expression {
    const operands: Expression[] = [];
    const ops: Leaf[] = [];
    let cur = node;
    // Source order: trivia is attached token by token.
    while (cur.type === "binary_expression" && this.field(cur, "operator").type === "->") {
      operands.push(this.expr(this.field(cur, "left")));
      ops.push(this.leaf(this.field(cur, "operator")));
      cur = this.field(cur, "right");
    }
    operands.push(this.expr(cur));
    return groupArrows(operands, ops);
  }

  file(root: SyntaxNode): Whole<Expression> {
    const exprNode = root.field("expression")!;
    return this.wholeFile(() => this.expr(exprNode));
  }

  private field(node: SyntaxNode, name: string): SyntaxNode {
    return node.field(name)!;
  }

  private child(node: SyntaxNode, type: string): SyntaxNode {
    return node.children.find((c) => c.type === type)!;
  }

  expr(node: SyntaxNode): Expression {
    switch (node.type) {
      case "function_expression":
        return this.abstraction(node);
      case "let_expression": {
        const let_ = this.leaf(this.child(node, "let"), "sym");
        const set = node.namedChildren.find((c) => c.type === "binding_set");
        const items = this.binders(set ? set.namedChildren : []);
        const in_ = this.leaf(this.child(node, "in"));
        return { k: "let", let: let_, items, in: in_, body: this.expr(this.field(node, "body")) };
      }
      case "with_expression": {
        const with_ = this.leaf(this.child(node, "with"));
        const env = this.expr(this.field(node, "environment"));
        const semi = this.leaf(this.child(node, ";"));
        return { k: "with", with: with_, env, semi, body: this.expr(this.field(node, "body")) };
      }
      case "assert_expression": {
        const assert = this.leaf(this.child(node, "assert"));
        const cond = this.expr(this.field(node, "condition"));
        const semi = this.leaf(this.child(node, ";"));
        return { k: "assert", assert, cond, semi, body: this.expr(this.field(node, "body")) };
      }
      case "if_expression": {
        const if_ = this.leaf(this.child(node, "if"));
        const cond = this.expr(this.field(node, "condition"));
        const then = this.leaf(this.child(node, "then"));
        const a = this.expr(this.field(node, "consequence"));
        const else_ = this.leaf(this.child(node, "else"));
        const b = this.expr(this.field(node, "alternative"));
        return { k: "if", if: if_, cond, then, a, else: else_, b };
      }
      case "binary_expression": {
        // `->`, `|>` and `<|` all read as `->` (see `mask`): a chain of them is regrouped.
        if (this.field(node, "operator").type === "->") return this.arrowChain(node);
        // The left spine iteratively: operator chains of thousands of terms are left-nested.
        const spine: SyntaxNode[] = [];
        let cur = node;
        while (cur.type === "binary_expression") {
          spine.push(cur);
          cur = this.field(cur, "left");
        }
        let acc = this.expr(cur);
        for (let i = spine.length - 1; i >= 0; i--) {
          const opNode = this.field(spine[i]!, "operator");
          // tree-sitter-nix reads comparisons left-associative; Nix does not chain them.
          const inner = spine[i + 1];
          if (inner !== undefined && comparisonClass(opNode.type) !== undefined) {
            const innerOp = this.field(inner, "operator").type;
            if (comparisonClass(innerOp) === comparisonClass(opNode.type))
              throw new SyntaxError_(
                opNode.startIndex,
                `syntax error: unexpected ${JSON.stringify(opNode.type)}: comparison operators do not chain in Nix (add parentheses, or join the comparisons with &&)`,
              );
          }
          const op = this.leaf(opNode);
          acc = operation(acc, op, this.expr(this.field(spine[i]!, "right")));
        }
        return acc;
      }
      case "unary_expression": {
        const opNode = this.field(node, "operator");
        const op = this.leaf(opNode);
        const expr = this.expr(this.field(node, "argument"));
        return opNode.type === "!"
          ? { k: "inversion", bang: op, expr }
          : { k: "negation", minus: op, expr };
      }
      case "apply_expression": {
        const f = this.expr(this.field(node, "function"));
        return { k: "application", f, a: this.expr(this.field(node, "argument")) };
      }
      case "has_attr_expression": {
        const expr = this.expr(this.field(node, "expression"));
        const q = this.leaf(this.field(node, "operator"));
        return {
          k: "memberCheck",
          expr,
          q,
          sels: this.selectors(this.field(node, "attrpath"), false),
        };
      }
      default:
        return { k: "term", term: this.term(node) };
    }
  }

  term(node: SyntaxNode): Term {
    switch (node.type) {
      case "variable_expression":
        return { k: "token", leaf: this.leaf(node, "ident") };
      case "integer_expression":
        return { k: "token", leaf: this.leaf(node, "int") };
      case "float_expression":
        return { k: "token", leaf: this.leaf(node, "float") };
      case "spath_expression":
        return { k: "token", leaf: this.leaf(node, "envPath") };
      case "path_expression":
      case "hpath_expression":
        return {
          k: "path",
          ann: this.lex(node.endIndex, node.startRow, () =>
            normalizeLine(this.rawParts(node, node.startIndex, node.endIndex)),
          ),
        };
      case "uri_expression": {
        const text = this.src.slice(node.startIndex, node.endIndex);
        return {
          k: "simpleString",
          ann: this.lex(node.endIndex, node.startRow, () => [[{ k: "text", text }]]),
        };
      }
      case "string_expression":
        return { k: "simpleString", ann: this.simpleStringNode(node) };
      case "indented_string_expression":
        return this.indentedStringNode(node);
      case "parenthesized_expression": {
        const open = this.leaf(this.child(node, "("));
        const expr = this.expr(this.field(node, "expression"));
        return { k: "paren", open, expr, close: this.leaf(this.child(node, ")")) };
      }
      case "attrset_expression":
      case "rec_attrset_expression":
      case "let_attrset_expression": {
        const kw = node.children[0]!.type === "{" ? null : this.leaf(node.children[0]!);
        const open = this.leaf(this.child(node, "{"));
        const set = node.namedChildren.find((c) => c.type === "binding_set");
        const items = this.binders(set ? set.namedChildren : []);
        return { k: "set", rec: kw, open, items, close: this.leaf(this.child(node, "}")) };
      }
      case "list_expression": {
        const open = this.leaf(this.child(node, "["));
        const items = this.items(
          node.namedChildren.filter((c) => c.type !== "comment"),
          (c) => this.term(c),
        );
        return { k: "list", open, items, close: this.leaf(this.child(node, "]")) };
      }
      case "select_expression": {
        const base = this.term(this.field(node, "expression"));
        const sels = this.selectors(this.field(node, "attrpath"), true, this.child(node, "."));
        const defNode = node.field("default");
        const def = defNode
          ? { or: this.leaf(this.child(node, "or")), term: this.term(defNode) }
          : null;
        return { k: "selection", term: base, sels, def };
      }
      default:
        // An expression where nixfmt's grammar wants a term only happens through parentheses,
        // which tree-sitter keeps; anything else is a grammar mismatch.
        throw new Error(`nixfmt tree: unexpected ${node.type} where a term is expected`);
    }
  }

  private abstraction(node: SyntaxNode): Expression {
    const formals = node.field("formals");
    const universal = node.field("universal");
    let param: Parameter;
    if (!formals) param = { k: "id", leaf: this.leaf(universal!, "ident") };
    else if (universal && universal.startIndex < formals.startIndex) {
      const first: Parameter = { k: "id", leaf: this.leaf(universal, "ident") };
      const at = this.leaf(this.child(node, "@"));
      param = { k: "context", first, at, second: this.setParameter(formals) };
    } else if (universal) {
      const first = this.setParameter(formals);
      const at = this.leaf(this.child(node, "@"));
      param = { k: "context", first, at, second: { k: "id", leaf: this.leaf(universal, "ident") } };
    } else param = this.setParameter(formals);
    const colon = this.leaf(this.child(node, ":"));
    return { k: "abstraction", param, colon, body: this.expr(this.field(node, "body")) };
  }

  private setParameter(node: SyntaxNode): Parameter {
    const kids = node.children.filter((c) => c.type !== "comment");
    const open = this.leaf(kids[0]!);
    const attrs: ParamAttr[] = [];
    for (let i = 1; i < kids.length - 1; i++) {
      const k = kids[i]!;
      if (k.type === "formal") {
        // `{ a, }`: tree-sitter-nix 0.0.2 reads a trailing comma as a formal with a missing name
        if (k.childCount === 1 && k.child(0)!.isMissing()) continue;
        const name = this.leaf(this.field(k, "name"), "ident");
        const defNode = k.field("default");
        const def = defNode ? { q: this.leaf(this.child(k, "?")), expr: this.expr(defNode) } : null;
        attrs.push({ k: "attr", name, def, comma: null });
      } else if (k.type === "," || (k.type === "ERROR" && k.text.trim() === ",")) {
        const last = attrs[attrs.length - 1];
        const commaNode = k.type === "," ? k : (k.children.find((c) => c.type === ",") ?? k);
        const comma = this.lex(
          commaNode.type === ","
            ? commaNode.endIndex
            : commaNode.startIndex + k.text.indexOf(",") + 1,
          commaNode.startRow,
          () => ({ kind: "sym" as const, text: "," }),
        );
        if (last?.k === "attr") attrs[attrs.length - 1] = { ...last, comma };
      } else if (k.type === "ellipses") {
        attrs.push({ k: "ellipsis", leaf: this.leaf(k) });
      }
    }
    const close = this.leaf(kids[kids.length - 1]!);
    return { k: "set", open, attrs, close };
  }

  /** Items of a list, set or let: trivia pending before an item stands alone. */
  private items<T>(nodes: readonly SyntaxNode[], one: (n: SyntaxNode) => T): Item<T>[] {
    const out: Item<T>[] = [];
    for (const n of nodes) {
      this.pushComments(out);
      out.push({ k: "item", value: one(n) });
    }
    this.pushComments(out);
    return out;
  }

  private binders(nodes: readonly SyntaxNode[]): Item<Binder>[] {
    return this.items(
      nodes.filter((c) => c.type !== "comment"),
      (b) => this.binder(b),
    );
  }

  private binder(b: SyntaxNode): Binder {
    if (b.type === "binding") {
      const sels = this.selectors(this.field(b, "attrpath"), false);
      const eq = this.leaf(this.child(b, "="));
      const expr = this.expr(this.field(b, "expression"));
      return { k: "assignment", sels, eq, expr, semi: this.leaf(this.child(b, ";")) };
    }
    const inherit = this.leaf(this.child(b, "inherit"));
    let from: Term | null = null;
    if (b.type === "inherit_from") {
      const open = this.leaf(this.child(b, "("));
      const expr = this.expr(this.field(b, "expression"));
      from = { k: "paren", open, expr, close: this.leaf(this.child(b, ")")) };
    }
    const attrs = b.field("attrs");
    const sels = attrs
      ? attrs.namedChildren
          .filter((c) => c.type !== "comment" && !c.isMissing())
          .map((c) => this.simpleSelector(c))
      : [];
    return { k: "inherit", inherit, from, sels, semi: this.leaf(this.child(b, ";")) };
  }

  /** An attribute path; `firstDot`: the `.` before the first component (selections). */
  private selectors(path: SyntaxNode, dotted: boolean, firstDot?: SyntaxNode): Selector[] {
    const out: Selector[] = [];
    let dot: Leaf | null = dotted && firstDot ? this.leaf(firstDot) : null;
    for (const c of path.children) {
      if (c.type === "comment") continue;
      if (c.type === ".") {
        dot = this.leaf(c);
        continue;
      }
      out.push({ dot, sel: this.simpleSelector(c) });
      dot = null;
    }
    return out;
  }

  private simpleSelector(node: SyntaxNode): SimpleSelector {
    switch (node.type) {
      case "identifier":
        return { k: "id", leaf: this.leaf(node, "ident") };
      case "string_expression":
        return { k: "string", ann: this.simpleStringNode(node) };
      case "interpolation":
        return {
          k: "interpolation",
          ann: this.lex(node.endIndex, node.startRow, () => this.interpolation(node)),
        };
      default:
        throw new Error(`nixfmt tree: unexpected ${node.type} in an attribute path`);
    }
  }

  private interpolation(node: SyntaxNode): StringPart {
    const exprNode = this.field(node, "expression");
    return this.interpolated(node.children[0]!.endIndex, () => this.expr(exprNode));
  }

  /** Raw text and interpolations between `from` and `to`. */
  private rawParts(node: SyntaxNode, from: number, to: number): StringPart[] {
    const parts: StringPart[] = [];
    let pos = from;
    for (const k of node.namedChildren) {
      if (k.type !== "interpolation") continue;
      if (k.startIndex > pos) parts.push({ k: "text", text: this.src.slice(pos, k.startIndex) });
      parts.push(this.interpolation(k));
      pos = k.endIndex;
    }
    if (to > pos) parts.push({ k: "text", text: this.src.slice(pos, to) });
    return parts;
  }

  private simpleStringNode(node: SyntaxNode): Ann<StringLines> {
    return this.simpleString(node.startRow, () => ({
      parts: this.rawParts(node, node.startIndex + 1, node.endIndex - 1),
      end: node.endIndex,
    }));
  }

  private indentedStringNode(node: SyntaxNode): Term {
    return this.indentedString(node.startRow, () => ({
      parts: this.rawParts(node, node.startIndex + 2, node.endIndex - 2),
      end: node.endIndex,
    }));
  }
}

/** Splits operands and operators at each operator with text `text`. */
function splitAt(
  operands: readonly Expression[],
  ops: readonly Leaf[],
  text: string,
): { parts: { operands: Expression[]; ops: Leaf[] }[]; at: Leaf[] } {
  const parts: { operands: Expression[]; ops: Leaf[] }[] = [{ operands: [operands[0]!], ops: [] }];
  const at: Leaf[] = [];
  ops.forEach((op, i) => {
    if (op.value.text === text) {
      at.push(op);
      parts.push({ operands: [operands[i + 1]!], ops: [] });
    } else {
      const last = parts[parts.length - 1]!;
      last.ops.push(op);
      last.operands.push(operands[i + 1]!);
    }
  });
  return { parts, at };
}

/** `operands[0] ops[0] operands[1] …` grouped by nixfmt's levels for `->`, `|>` and `<|`. */
function groupArrows(operands: readonly Expression[], ops: readonly Leaf[]): Expression {
  // `<|`, the loosest, to the right.
  const back = splitAt(operands, ops, "<|");
  let acc = groupForward(back.parts[back.parts.length - 1]!);
  for (let i = back.at.length - 1; i >= 0; i--)
    acc = operation(groupForward(back.parts[i]!), back.at[i]!, acc);
  return acc;
}

function groupForward(chain: { operands: Expression[]; ops: Leaf[] }): Expression {
  // `|>` to the left.
  const fwd = splitAt(chain.operands, chain.ops, "|>");
  let acc = groupImplies(fwd.parts[0]!);
  fwd.at.forEach((op, i) => (acc = operation(acc, op, groupImplies(fwd.parts[i + 1]!))));
  return acc;
}

function groupImplies(chain: { operands: Expression[]; ops: Leaf[] }): Expression {
  // `->` to the right, as tree-sitter-nix (and Nix) read it.
  let acc = chain.operands[chain.operands.length - 1]!;
  for (let i = chain.ops.length - 1; i >= 0; i--)
    acc = operation(chain.operands[i]!, chain.ops[i]!, acc);
  return acc;
}
