/**
 * fast-check arbitraries producing VALID Nix syntax trees (`lib/ast/nodes.ts`), for the property
 * tests: every node kind, hostile string contents escaped by `lib/ast/escape.ts`, every operator with
 * arbitrary nesting (so the printer has to get precedence right), and comments on bindings, items,
 * formals and expressions.
 *
 * "Valid" means: Nix 2.8 parses the tree once it is printed correctly. So the generators avoid what
 * Nix rejects at parse time however it is printed: keywords as identifiers, duplicate attributes in
 * one set or `let`, dynamic attributes directly in a `let` or an `inherit`, duplicate formals, a
 * formal named like the `@` binding, paths with a trailing slash or `//`, integers above 2^63-1 and
 * floats out of the double range. Parentheses are NOT needed in the generated tree: inserting them
 * where precedence requires is the printer's job.
 *
 * Trees are canonical in the way the parser reads them back: no empty text parts, no two adjacent
 * text parts, block comments span at least two lines (a one-line block comment reads back as a line
 * comment), comment texts carry no trailing whitespace.
 *
 * @module
 */
import fc from "fast-check";
import { escapeDoubleQuoted, escapeIndented, isIdentifier } from "../ast/escape.js";
import type {
  AttrName,
  AttrSet,
  Binding,
  BinaryOp,
  BlockComment,
  Comments,
  Expr,
  Formal,
  Ident,
  Interpolation,
  LineComment,
  List,
  Param,
  PathLit,
  SourceFile,
  StringLit,
  StringPart,
  Trivium,
} from "../ast/nodes.js";

/** The seed every property test and benchmark uses, so a failure reproduces on every machine. */
export const FUZZ_SEED = 0x6e1c5;

/** Whether `name` can be written as a bare identifier (the rule of `lib/ast/escape.ts`). */
export const isPlainIdentifier = isIdentifier;

const commonNames = [
  "a",
  "b",
  "x",
  "y",
  "f",
  "config",
  "lib",
  "pkgs",
  "mkIf",
  "cfg",
  "enable",
  "_module",
  "x'",
  "foo-bar",
  "__internal",
  "ifx",
  "inherits",
  "letter",
  "orElse",
];

/** A valid, non-keyword identifier: common names, and random ones with `_`, `'` and `-`. */
export const identifierName: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...commonNames) },
  {
    weight: 2,
    arbitrary: fc
      .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_'-]{0,10}$/)
      .filter((s) => isPlainIdentifier(s) && s !== "__curPos"),
  },
);

/** An identifier used as a value: also `true`, `false` and `null`, which Nix parses as identifiers. */
export const valueIdentifierName: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: identifierName },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "null") },
);

const ident = (name: string): Ident => ({ type: "ident", name });

/** `0 .. 2^63-1`, biased towards small values and the edges. */
export const intLiteral: fc.Arbitrary<Expr> = fc
  .oneof(
    fc.bigInt({ min: 0n, max: 100n }),
    fc.constantFrom(0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 63n - 1n),
    fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  )
  .map((value) => ({ type: "int", value }));

/** Float literals in Nix's grammar: `0.5`, `1.`, `.25`, `12.5e-3`, `1.0E300`. */
export const floatLiteral: fc.Arbitrary<Expr> = fc
  .tuple(
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,5}$/), fc.constant("")),
    fc.stringMatching(/^[0-9]{0,6}$/),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.nat(300)), {
      nil: undefined,
    }),
  )
  .filter(([whole, frac]) => whole !== "" || frac !== "")
  // `.5` and `0.5` are fine; `0.` is not in the grammar (`0?\.[0-9]+` needs digits after the dot).
  .filter(([whole, frac]) => !(whole === "0" && frac === ""))
  .map(([whole, frac, exp]) => ({
    type: "float",
    text: `${whole}.${frac}${exp ? `${exp[0]}${exp[1]}${exp[2]}` : ""}`,
  }));

/** Text that tries to break out of string literals: quotes, `${`, `''`, backslashes, CR, tabs, emoji. */
export const hostileText: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("a", "b", " ", "x-y", "/") },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        "$",
        "{",
        "}",
        "${",
        "$${",
        '"',
        "\\",
        "\\${",
        "'",
        "''",
        "'''",
        "''$",
        "''\\",
        "\n",
        "\t",
        "\r",
        "\r\n",
        "  ",
        "é",
        "😀",
        "\u00a0",
        "#",
        "/*",
      ),
    },
  ),
  maxLength: 8,
});

/** Multi-line text for indented strings: indentation, blank lines, trailing spaces, hostile bits. */
const hostileLines: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: hostileText },
    { weight: 2, arbitrary: fc.constantFrom("\n", "\n  ", "\n    ", "  ", " \n", "\t") },
  ),
  maxLength: 5,
});

/** Concatenates adjacent text, drops empty text, and escapes it for the given string style. */
function stringParts(
  pieces: readonly (string | Interpolation)[],
  escape: (text: string) => string,
): StringPart[] {
  const parts: StringPart[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") parts.push({ type: "text", raw: escape(text) });
    text = "";
  };
  for (const piece of pieces) {
    if (typeof piece === "string") text += piece;
    else {
      flush();
      parts.push(piece);
    }
  }
  flush();
  return parts;
}

function interpolation(expr: Expr): Interpolation {
  return { type: "interpolation", expr };
}

/** A double-quoted string literal of `text` (no interpolation), as used for quoted attribute names. */
function quoted(text: string): StringLit {
  return { type: "string", style: "double", parts: stringParts([text], escapeDoubleQuoted) };
}

/**
 * An indented string's content as the AST holds it: common indentation already removed (its first
 * line starts at column 0) and no line of only blanks (Nix reads those back differently). Builders
 * and the parser only produce such content; the printer relies on it.
 */
function canonicalIndented(
  pieces: readonly (string | Interpolation)[],
): (string | Interpolation)[] {
  const out = pieces.map((p) =>
    typeof p === "string" ? p.replace(/(^|\n)[ \t]+(?=\n|$)/g, "$1") : p,
  );
  const first = out[0];
  if (typeof first === "string") {
    const trimmed = first.replace(/^[ \t]+/, "");
    out[0] = trimmed === "" || trimmed.startsWith("\n") ? "x" + trimmed : trimmed;
  }
  return out;
}

/** Double-quoted or indented strings with hostile text and interpolations of `sub`. */
export function stringLiteral(sub: fc.Arbitrary<Expr>): fc.Arbitrary<StringLit> {
  const piece = (text: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: sub.map(interpolation) });
  return fc.oneof(
    fc.array(piece(hostileText), { maxLength: 4 }).map((pieces) => ({
      type: "string" as const,
      style: "double" as const,
      parts: stringParts(pieces, escapeDoubleQuoted),
    })),
    fc.array(piece(hostileLines), { maxLength: 4 }).map((pieces) => ({
      type: "string" as const,
      style: "indented" as const,
      parts: stringParts(canonicalIndented(pieces), escapeIndented),
    })),
  );
}

/** A plain double-quoted string without interpolation. */
export const plainString: fc.Arbitrary<StringLit> = hostileText.map(quoted);

const pathSegmentText = fc.stringMatching(/^[a-zA-Z0-9._+-]{1,6}$/);

/**
 * Path literals `./a/b.nix`, `../x`, `/abs`, `~/home`, with interpolations inside or as whole
 * segments (`./dir/${name}.nix`). Every segment is non-empty, so there is never a `//` or a trailing
 * slash, which Nix rejects.
 */
export function pathLiteral(sub: fc.Arbitrary<Expr>): fc.Arbitrary<PathLit> {
  const segment = fc.array(
    fc.oneof(
      { weight: 3, arbitrary: pathSegmentText },
      { weight: 1, arbitrary: sub.map(interpolation) },
    ),
    { minLength: 1, maxLength: 3 },
  );
  return fc
    .tuple(
      fc.constantFrom("./", "../", "/", "~/"),
      fc.array(segment, { minLength: 1, maxLength: 3 }),
    )
    .map(([prefix, segments]) => {
      const pieces: (string | Interpolation)[] = [prefix];
      segments.forEach((seg, i) => {
        if (i > 0) pieces.push("/");
        pieces.push(...seg);
      });
      return { type: "path", parts: stringParts(pieces, (t) => t) };
    });
}

/** `<nixpkgs>`, `<nixpkgs/lib>`. */
export const searchPath: fc.Arbitrary<Expr> = fc
  .array(pathSegmentText, { minLength: 1, maxLength: 3 })
  .map((segs) => ({ type: "searchPath", path: segs.join("/") }));

/** An attribute name that needs no uniqueness: identifier, quoted (maybe interpolated), `${expr}`. */
export function attrName(sub: fc.Arbitrary<Expr>): fc.Arbitrary<AttrName> {
  return fc.oneof(
    { weight: 4, arbitrary: identifierName.map(ident) },
    { weight: 1, arbitrary: fc.constantFrom("if", "or", "true", "a.b", "").map(quoted) },
    { weight: 1, arbitrary: plainString },
    {
      weight: 1,
      arbitrary: fc.tuple(hostileText, sub).map(([text, e]): StringLit => ({
        type: "string",
        style: "double",
        parts: stringParts([text, interpolation(e)], escapeDoubleQuoted),
      })),
    },
    { weight: 1, arbitrary: sub.map(interpolation) },
  );
}

/**
 * A STATIC attribute name for `key`: a bare identifier when possible, else quoted, sometimes as
 * `${"key"}` (which Nix treats as static too). Bindings of one set draw distinct keys, so they never
 * define the same attribute twice.
 */
function staticAttrName(key: string, style: number): AttrName {
  if (isPlainIdentifier(key) && style % 3 !== 2) return ident(key);
  if (style % 3 === 1) return interpolation(quoted(key));
  return quoted(key);
}

/** Keys of attributes: identifiers mostly, keywords, dotted names and hostile text sometimes. */
const attrKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: identifierName },
  { weight: 1, arbitrary: fc.constantFrom("if", "rec", "true", "null", "a.b", "", "k8s.io/name") },
  { weight: 1, arbitrary: hostileText },
);

/** A non-static `${expr}` name: `expr` is never a string literal (that would be static). */
function dynamicAttrName(sub: fc.Arbitrary<Expr>): fc.Arbitrary<AttrName> {
  const notString = sub.filter((e) => e.type !== "string" && e.type !== "paren");
  return fc.oneof(
    notString.map(interpolation),
    fc.tuple(hostileText, notString).map(([text, e]): StringLit => ({
      type: "string",
      style: "double",
      parts: stringParts([text, interpolation(e)], escapeDoubleQuoted),
    })),
  );
}

/** Comment text after `#`: printable, no newline, no trailing whitespace. */
const commentText: fc.Arbitrary<string> = fc
  .string({
    unit: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom("a", "b", "c", " ", "-") },
      { weight: 1, arbitrary: fc.constantFrom("#", "*", "/", "$", "{", "'", '"', "é", "😀", "\t") },
    ),
    maxLength: 12,
  })
  .map((s) => s.replace(/\s+$/u, ""));

export const lineComment: fc.Arbitrary<LineComment> = commentText.map((t) => ({
  type: "lineComment",
  text: ` ${t}`,
}));

/** `/* ... *\/` (two to three lines) or `/** ... *\/`; lines never contain `*\/`. */
export const blockComment: fc.Arbitrary<BlockComment> = fc
  .tuple(
    fc.boolean(),
    fc.array(
      commentText.map((t) => t.replace(/\*\//g, "* /").replace(/^\*/, "")),
      { minLength: 2, maxLength: 3 },
    ),
  )
  .map(([doc, lines]) => ({ type: "blockComment", doc, lines }));

const trivium: fc.Arbitrary<Trivium> = fc.oneof(
  { weight: 3, arbitrary: lineComment },
  { weight: 1, arbitrary: blockComment },
);

/** Comments for bindings and list items: comments before (maybe after a blank line), a trailing one. */
const itemComments: fc.Arbitrary<Comments> = fc
  .record(
    {
      before: fc.array(fc.oneof(trivium, fc.constant<Trivium>({ type: "emptyLine" })), {
        minLength: 1,
        maxLength: 2,
      }),
      trailing: commentText.map((t) => ` ${t}`),
    },
    { requiredKeys: [] },
  )
  .map((c) => (c.before?.length === 0 ? { ...c, before: undefined } : c))
  .map(dropUndefined);

/**
 * Comments for expressions: comments before. (Trailing `# comments` are generated only on bindings
 * and list items, the places where the parser attaches them; elsewhere the format may move them.)
 */
const exprComments: fc.Arbitrary<Comments> = fc
  .record({ before: fc.array(trivium, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] })
  .map(dropUndefined);

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `arb` with probability 1/`rarity`, else `undefined`. */
function rarely<T>(arb: fc.Arbitrary<T>, rarity: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: rarity - 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: arb },
  );
}

/** With probability 1/`rarity`, attaches generated comments to each generated node. */
function commented<T extends { readonly comments?: Comments }>(
  arb: fc.Arbitrary<T>,
  comments: fc.Arbitrary<Comments>,
  enabled: boolean,
  rarity = 8,
): fc.Arbitrary<T> {
  if (!enabled) return arb;
  return fc
    .tuple(arb, rarely(comments, rarity))
    .map(([node, c]) =>
      c === undefined || Object.keys(c).length === 0 ? node : { ...node, comments: c },
    );
}

export const binaryOperators: readonly BinaryOp[] = [
  "->",
  "||",
  "&&",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "//",
  "+",
  "-",
  "*",
  "/",
  "++",
];

/** Options of {@link expression}. */
export interface ExprArbitraryOptions {
  /** Maximum nesting of compound expressions (default 4). */
  readonly depth?: number;
  /** Whether to attach comments to bindings, items, formals and expressions (default true). */
  readonly comments?: boolean;
  /** Maximum bindings / list items / formals per node (default 3). */
  readonly width?: number;
}

/** Valid Nix expressions of every node kind, up to `depth` levels of nesting. */
export function expression(options: ExprArbitraryOptions = {}): fc.Arbitrary<Expr> {
  return expressionMemo(options)(options.depth ?? 4);
}

function expressionMemo(options: ExprArbitraryOptions): fc.Memo<Expr> {
  const withComments = options.comments ?? true;
  const width = options.width ?? 3;

  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    { weight: 4, arbitrary: valueIdentifierName.map(ident) },
    { weight: 2, arbitrary: intLiteral },
    { weight: 1, arbitrary: floatLiteral },
    { weight: 2, arbitrary: plainString },
    { weight: 1, arbitrary: pathLiteral(fc.constant(ident("x"))) },
    { weight: 1, arbitrary: searchPath },
    { weight: 1, arbitrary: fc.constant<Expr>({ type: "attrs", rec: false, bindings: [] }) },
    { weight: 1, arbitrary: fc.constant<Expr>({ type: "list", items: [] }) },
  );

  const memo: fc.Memo<Expr> = fc.memo((depth) => {
    if (depth <= 1) return commented(leaf, exprComments, withComments, 16);
    const sub = memo(depth - 1);
    const compound = compoundExpressions(sub, withComments, width);
    return commented(
      fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 7, arbitrary: compound }),
      exprComments,
      withComments,
      16,
    );
  });
  return memo;
}

function compoundExpressions(
  sub: fc.Arbitrary<Expr>,
  withComments: boolean,
  width: number,
): fc.Arbitrary<Expr> {
  const item = commented(sub, itemComments, withComments, 6);
  const path = fc.array(attrName(sub), { minLength: 1, maxLength: 3 });

  const list: fc.Arbitrary<List> = fc
    .tuple(
      fc.array(item, { minLength: 1, maxLength: width }),
      rarely(fc.array(trivium, { minLength: 1, maxLength: 2 }), 8),
    )
    .map(([items, end]) => dropUndefined({ type: "list", items, endComments: end }));

  const attrs: fc.Arbitrary<AttrSet> = fc
    .tuple(
      fc.boolean(),
      bindings(sub, width, true, withComments),
      rarely(fc.array(trivium, { minLength: 1, maxLength: 2 }), 8),
    )
    .map(([rec, bs, end]) =>
      dropUndefined({
        type: "attrs",
        rec,
        bindings: bs,
        endComments: withComments ? end : undefined,
      }),
    );

  const formals = fc
    .tuple(
      fc.uniqueArray(fc.tuple(identifierName, rarely(sub, 3)), {
        maxLength: width,
        selector: ([name]) => name,
      }),
      fc.boolean(),
      rarely(fc.tuple(identifierName, fc.constantFrom("before" as const, "after" as const)), 3),
    )
    .map(([fs, ellipsis, bind]): Param => {
      const formalNodes = fs.map(([name, def]): Formal =>
        dropUndefined({ type: "formal", name, default: def }),
      );
      const okBind = bind && !fs.some(([name]) => name === bind[0]) ? bind : undefined;
      return dropUndefined({
        type: "setParam",
        formals: formalNodes,
        ellipsis,
        bind: okBind && { name: okBind[0], position: okBind[1] },
      });
    });

  const param: fc.Arbitrary<Param> = fc.oneof(
    identifierName.map((name): Param => ({ type: "identParam", name })),
    formals,
  );

  return fc.oneof(
    { weight: 3, arbitrary: attrs },
    { weight: 3, arbitrary: list },
    { weight: 2, arbitrary: stringLiteral(sub) },
    { weight: 1, arbitrary: pathLiteral(sub) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(sub, path, rarely(sub, 3))
        .map(([expr, p, orDefault]) =>
          dropUndefined({ type: "select" as const, expr, path: p, orDefault }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, path).map(([expr, p]): Expr => ({ type: "hasAttr", expr, path: p })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(sub, sub).map(([fn, arg]): Expr => ({ type: "apply", fn, arg })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom("!" as const, "-" as const), sub)
        .map(([op, expr]): Expr => ({ type: "unary", op, expr })),
    },
    {
      weight: 6,
      arbitrary: fc
        .tuple(sub, fc.constantFrom(...binaryOperators), sub)
        .map(([left, op, right]): Expr => ({ type: "binary", op, left, right })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          bindings(sub, width, false, withComments),
          sub,
          rarely(fc.array(trivium, { minLength: 1, maxLength: 2 }), 8),
        )
        .map(([bs, body, end]) =>
          dropUndefined({
            type: "let" as const,
            bindings: bs,
            body,
            endComments: withComments ? end : undefined,
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, sub).map(([env, body]): Expr => ({ type: "with", env, body })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(sub, sub).map(([cond, body]): Expr => ({ type: "assert", cond, body })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(sub, sub, sub)
        .map(([cond, then, els]): Expr => ({ type: "if", cond, then, else: els })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(param, sub)
        .map(([p, body]): Expr => ({ type: "lambda", param: p, body })),
    },
    { weight: 1, arbitrary: sub.map((expr): Expr => ({ type: "paren", expr })) },
  );
}

/**
 * Bindings of one attribute set (`dynamic`: `${}` names allowed) or `let`: the first attribute of
 * every assignment and every inherited name are distinct keys, so nothing is defined twice.
 */
function bindings(
  sub: fc.Arbitrary<Expr>,
  width: number,
  dynamic: boolean,
  withComments: boolean,
): fc.Arbitrary<Binding[]> {
  const entry = fc.record({
    key: attrKey,
    style: fc.nat(5),
    kind: fc.constantFrom("assign", "assign", "assign", "inherit", "inheritFrom"),
    rest: fc.array(attrName(sub), { maxLength: 2 }),
    value: sub,
  });
  const dynamicEntry = dynamic
    ? fc.array(fc.tuple(dynamicAttrName(sub), fc.array(attrName(sub), { maxLength: 1 }), sub), {
        maxLength: 1,
      })
    : fc.constant([]);
  const raw = fc
    .tuple(
      fc.uniqueArray(entry, { minLength: 1, maxLength: width, selector: (e) => e.key }),
      dynamicEntry,
      sub,
    )
    .map(([entries, dyn, from]) => {
      const out: Binding[] = [];
      for (const e of entries) {
        // Inherited names are identifiers or static strings, never `${}`.
        if (e.kind === "assign" || (!isPlainIdentifier(e.key) && e.style % 2 === 0)) {
          out.push({
            type: "assignment",
            path: [staticAttrName(e.key, e.style), ...e.rest],
            value: e.value,
          });
          continue;
        }
        const name: AttrName =
          isPlainIdentifier(e.key) && e.style % 2 === 0 ? ident(e.key) : quoted(e.key);
        const last = out[out.length - 1];
        const wantFrom = e.kind === "inheritFrom";
        if (
          last?.type === "inherit" &&
          (last.from !== undefined) === wantFrom &&
          last.names.length < 3
        ) {
          out[out.length - 1] = { ...last, names: [...last.names, name] };
        } else {
          out.push(
            wantFrom
              ? { type: "inherit", from, names: [name] }
              : { type: "inherit", names: [name] },
          );
        }
      }
      for (const [name, rest, value] of dyn)
        out.push({ type: "assignment", path: [name, ...rest], value });
      return out;
    });
  if (!withComments) return raw;
  return raw.chain((bs) =>
    fc.tuple(
      ...bs.map((b) =>
        rarely(itemComments, 4).map((c): Binding => (c === undefined ? b : { ...b, comments: c })),
      ),
    ),
  );
}

/** A whole file: an expression and, sometimes, comments after it. */
export function sourceFile(options: ExprArbitraryOptions = {}): fc.Arbitrary<SourceFile> {
  return fc
    .tuple(expression(options), rarely(fc.array(trivium, { minLength: 1, maxLength: 2 }), 8))
    .map(([expr, end]) =>
      dropUndefined({
        type: "file" as const,
        expr,
        endComments: options.comments === false ? undefined : end,
      }),
    );
}

/** Renders a tree as compact JSON (bigints as `123n`) for readable counterexamples. */
export function showTree(node: unknown): string {
  return JSON.stringify(node, (_key, value: unknown) =>
    typeof value === "bigint" ? `${value}n` : value,
  );
}
