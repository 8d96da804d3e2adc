/**
 * The native tree-sitter-nix front end, loaded on first use so that importing the emitter never
 * loads it.
 */
import { createRequire } from "node:module";
import { LineStarts } from "./lines.js";

/**
 * A node of the syntax tree copy (`parseLightCst`): the part of node-tree-sitter's syntax node API
 * the readers use, with fields by name and the start line without a point object.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { readonly row: number; readonly column: number };
  readonly endPosition: { readonly row: number; readonly column: number };
  readonly childCount: number;
  readonly children: readonly SyntaxNode[];
  readonly namedChildren: readonly SyntaxNode[];
  child(index: number): SyntaxNode | null;
  hasError(): boolean;
  descendantsOfType(type: string): SyntaxNode[];
  isMissing(): boolean;
  /** The child in grammar field `name`, or null. */
  field(name: string): SyntaxNode | null;
  /** The 0-based line the node starts on. */
  readonly startRow: number;
}

/** The part of node-tree-sitter's cursor API the reader uses. */
interface TreeCursor {
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentFieldName: string | null | undefined;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

interface TreeSitterParser {
  setLanguage(language: unknown): void;
  parse(input: string): { readonly rootNode: SyntaxNode; walk(): TreeCursor };
}

let parser: TreeSitterParser | undefined;

function load(): TreeSitterParser {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const Parser = require("tree-sitter") as new () => TreeSitterParser;
    const nix = require("tree-sitter-nix") as unknown;
    parser = new Parser();
    parser.setLanguage(nix);
  }
  return parser;
}

/**
 * Parses Nix source into a plain copy of tree-sitter-nix's syntax tree, read once with a cursor.
 * node-tree-sitter builds a JS object per node on every `children` or field access (most of the
 * time of a conversion went there); the copy is built with one native call per node property
 * it needs.
 */
export function parseLightCst(source: string): SyntaxNode {
  const tree = load().parse(source);
  // Without errors no node is MISSING (a missing node is an error): one native call instead of one
  // per node.
  const anyError = tree.rootNode.hasError();
  const cursor = tree.walk();
  const shared: Shared = { source, lines: new LineStarts(source) };
  const make = (withSpan: boolean) => {
    const type = cursor.nodeType;
    let known = kinds.get(type);
    if (known === undefined || AMBIGUOUS_TYPES.has(type)) {
      // One string per node type (the cursor returns a fresh copy each time), and whether nodes of
      // that type are named, asked once per type.
      known = { type: known?.type ?? type, named: cursor.nodeIsNamed };
      if (!AMBIGUOUS_TYPES.has(type)) kinds.set(type, known);
    }
    // Whether a subtree holds an error is known as it is read: an ERROR or MISSING node marks
    // itself and its ancestors (a walk of the copy afterwards cost more than formatting some files).
    let flags = known.named ? NAMED : 0;
    if (anyError && (known.type === "ERROR" || cursor.nodeIsMissing))
      flags |= HAS_ERROR | (known.type === "ERROR" ? 0 : MISSING);
    return withSpan
      ? new LightNode(known.type, flags, cursor.startIndex, cursor.endIndex, shared)
      : new LightNode(known.type, flags, -1, -1, shared);
  };
  const root = make(true);
  const stack: LightNode[] = [root];
  // Children and fields are gathered in scratch lists, one per depth, and copied at their exact
  // size when a node is complete: arrays grown by push kept room for 17 children, and most nodes
  // have one to three (a 5 MB file's copy took 480 MB).
  const kids: LightNode[][] = [[]];
  const fields: Array<Array<string | LightNode>> = [[]];
  // A node spans its children exactly (tree-sitter sums a parent's extent from them): inner nodes
  // take their span from their first and last child, two native calls fewer each.
  const complete = (depth: number) => {
    const node = stack[depth]!;
    const children = kids[depth]!;
    node.setChildren(children, fields[depth]!);
    if (depth > 0) node.setSpan(children[0]!.startIndex, children[children.length - 1]!.endIndex);
  };
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const node = make(false);
    const depth = stack.length - 1;
    kids[depth]!.push(node);
    // Children of types without fields have no field name to ask for (one native call fewer).
    if (!FIELDLESS_TYPES.has(stack[depth]!.type)) {
      const field = cursor.currentFieldName;
      if (field) fields[depth]!.push(internedField(field), node);
    }
    if (node.hasError()) markAncestors(stack);
    if (cursor.gotoFirstChild()) {
      stack.push(node);
      const below = stack.length - 1;
      if (kids[below] === undefined) {
        kids[below] = [];
        fields[below] = [];
      } else {
        kids[below]!.length = 0;
        fields[below]!.length = 0;
      }
      continue;
    }
    node.setSpan(cursor.startIndex, cursor.endIndex);
    while (!cursor.gotoNextSibling()) {
      complete(stack.length - 1);
      stack.pop();
      if (stack.length === 0) return root;
      if (!cursor.gotoParent()) {
        for (let d = stack.length - 1; d >= 0; d--) complete(d);
        return root;
      }
    }
  }
}

const fieldNames = new Map<string, string>();
/** One string per field name (the cursor returns a fresh copy each time). */
function internedField(name: string): string {
  const known = fieldNames.get(name);
  if (known !== undefined) return known;
  fieldNames.set(name, name);
  return name;
}

/** Marks the nodes of `stack` (a path from the root) as holding an error, up to one that is. */
function markAncestors(stack: readonly LightNode[]): void {
  for (let i = stack.length - 1; i >= 0; i--) if (!stack[i]!.markError()) return;
}

/** Node types of tree-sitter-nix whose children never have a field name. */
export const FIELDLESS_TYPES: ReadonlySet<string> = new Set([
  "attrset_expression",
  "hpath_expression",
  "indented_string_expression",
  "let_attrset_expression",
  "path_expression",
  "rec_attrset_expression",
  "string_expression",
]);

/** Node types of tree-sitter-nix that name both a named node and an anonymous token. */
export const AMBIGUOUS_TYPES: ReadonlySet<string> = new Set(["inherit"]);

/** Per node type: its interned name and whether its nodes are named (the same in every tree). */
const kinds = new Map<string, { readonly type: string; readonly named: boolean }>();

/** What every node of one tree shares. */
interface Shared {
  readonly source: string;
  readonly lines: LineStarts;
}

const NAMED = 1;
const MISSING = 2;
const HAS_ERROR = 4;
const NO_CHILDREN: LightNode[] = [];

/**
 * A syntax node of the plain copy; the same interface as node-tree-sitter's. Kept small (a file of
 * 20 MB has millions of nodes): leaves share one empty child list, fields are a short list of
 * name/node pairs made on first use, flags are bits.
 */
class LightNode implements SyntaxNode {
  children: LightNode[] = NO_CHILDREN;
  private fieldList: Array<string | LightNode> | null = null;

  constructor(
    readonly type: string,
    private flags: number,
    public startIndex: number,
    public endIndex: number,
    private readonly shared: Shared,
  ) {}

  setSpan(start: number, end: number): void {
    this.startIndex = start;
    this.endIndex = end;
  }
  /** Sets the children and fields gathered while reading (copied at their exact size). */
  setChildren(kids: readonly LightNode[], fields: ReadonlyArray<string | LightNode>): void {
    if (kids.length > 0) this.children = kids.slice();
    if (fields.length > 0) this.fieldList = fields.slice();
  }
  field(name: string): LightNode | null {
    const f = this.fieldList;
    if (f === null) return null;
    for (let i = 0; i < f.length; i += 2) if (f[i] === name) return f[i + 1] as LightNode;
    return null;
  }
  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }
  get text(): string {
    return this.shared.source.slice(this.startIndex, this.endIndex);
  }
  get startRow(): number {
    return this.shared.lines.lineOf(this.startIndex);
  }
  get startPosition(): { row: number; column: number } {
    return this.shared.lines.point(this.startIndex);
  }
  get endPosition(): { row: number; column: number } {
    return this.shared.lines.point(this.endIndex);
  }
  get childCount(): number {
    return this.children.length;
  }
  get namedChildren(): LightNode[] {
    return this.children.filter((c) => c.isNamed);
  }
  child(index: number): LightNode | null {
    return this.children[index] ?? null;
  }
  isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }
  hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }
  /** Marks this node as holding an error; false when it already was. */
  markError(): boolean {
    if ((this.flags & HAS_ERROR) !== 0) return false;
    this.flags |= HAS_ERROR;
    return true;
  }
  descendantsOfType(type: string): LightNode[] {
    const out: LightNode[] = [];
    const stack: LightNode[] = [this];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === type) out.push(n);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
    return out;
  }
}
