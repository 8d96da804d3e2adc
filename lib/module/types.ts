/**
 * Option types mirroring nixpkgs' `lib.types`: each knows the Nix expression that names it, checks a
 * JavaScript value (option defaults are checked before any Nix is written), and carries the
 * TypeScript type of its values, so `Infer<typeof t.listOf(t.str)>` is `string[]`.
 */
import { isMarkedNode, n } from "../ast/build.js";
import type { Expr } from "../ast/nodes.js";
import { type Checked, type CheckedType, checkWith } from "../checked.js";
import type { Issue } from "../errors.js";

/**
 * Renders a submodule's options to Nix. The module layer passes it when it renders a module, so
 * this file needs nothing from the option renderer.
 */
export type RenderOptions = (options: OptionsShape) => Expr;

/**
 * An option type whose values are `T` on the TypeScript side: a checked type (`Checked`, shared
 * with the Kubernetes schemas) that also names its Nix type.
 */
export interface OptionType<T> extends Checked<T> {
  /** The Nix expression of the type, e.g. `lib.types.listOf lib.types.str`. */
  readonly nix: (renderOptions: RenderOptions) => Expr;
}

/**
 * A value of type `T` where any part may be a Nix expression instead (checked by Nix, not here):
 * `OrExpr<string[]>` accepts `[n.str\`${cfg.dir}/a\`, "b"]`.
 */
export type OrExpr<T> =
  | Expr
  | (T extends readonly (infer U)[]
      ? OrExpr<U>[]
      : T extends Expr
        ? T
        : T extends object
          ? { [K in keyof T]: OrExpr<T[K]> }
          : T);

/** The TypeScript type of an option type's values. */
export type Infer<O> = CheckedType<O>;

/** A Nix value given as an expression (a reference, a call): accepted wherever a value is. */
export type NixValue = Expr;

/** Only builder- or parser-made nodes are expressions; other objects are plain values. */
const isExpr = (v: unknown): v is Expr => isMarkedNode(v);

function make<T>(
  nix: Expr | ((renderOptions: RenderOptions) => Expr),
  description: string,
  test: (value: unknown, path: string) => Issue[] | boolean,
): OptionType<T> {
  const checkValue = checkWith(description, test, show);
  return {
    nix: typeof nix === "function" ? nix : () => nix,
    description,
    // A Nix expression is checked by Nix at evaluation time, not here.
    check: (value, path) => (isExpr(value) ? [] : checkValue(value, path)),
  };
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "an attribute set";
  return String(v);
}

const lt = (name: string) => n.ref(`lib.types.${name}`);
const isInt = (v: unknown): v is number | bigint =>
  (typeof v === "number" && Number.isSafeInteger(v)) || typeof v === "bigint";
const inRange = (lo: number, hi: number) => (v: unknown) =>
  isInt(v) && Number(v) >= lo && Number(v) <= hi;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !isExpr(v);

function int(name: string, description: string, lo: number, hi: number): OptionType<number> {
  return make<number>(n.ref(`lib.types.${name}`), description, inRange(lo, hi));
}

/** A module's options: names to options (see `mkOption`). Used by `submodule` too. */
export interface OptionLike {
  readonly kind: "option";
  readonly type: OptionType<unknown>;
  readonly default?: unknown;
}
/** A set of options by name. */
export type OptionsShape = Readonly<Record<string, OptionLike>>;

/** `lib.types.*`, typed. */
export const t = {
  /** `lib.types.bool` */
  bool: make<boolean>(lt("bool"), "boolean", (v) => typeof v === "boolean"),
  /** `lib.types.str` */
  str: make<string>(lt("str"), "string", (v) => typeof v === "string"),
  /** `lib.types.lines`: strings merged with newlines. */
  lines: make<string>(lt("lines"), 'strings concatenated with "\\n"', (v) => typeof v === "string"),
  /** `lib.types.commas`: strings merged with commas. */
  commas: make<string>(lt("commas"), 'strings concatenated with ","', (v) => typeof v === "string"),
  /** `lib.types.separatedString sep` */
  separatedString: (sep: string) =>
    make<string>(
      n.call("lib.types.separatedString", n.str(sep)),
      `strings concatenated with ${JSON.stringify(sep)}`,
      (v) => typeof v === "string",
    ),
  /** `lib.types.strMatching "regex"` (the regex is checked with JavaScript's engine here). */
  strMatching: (pattern: string) =>
    make<string>(
      n.call("lib.types.strMatching", n.str(pattern)),
      `string matching the pattern ${pattern}`,
      (v) => typeof v === "string" && new RegExp(`^(?:${pattern})$`).test(v),
    ),
  /** `lib.types.int` (signed 64-bit) */
  int: make<number>(lt("int"), "signed integer", isInt),
  ints: {
    /** `lib.types.ints.unsigned` */
    unsigned: make<number>(
      lt("ints.unsigned"),
      "unsigned integer, meaning >=0",
      (v) => isInt(v) && Number(v) >= 0,
    ),
    /** `lib.types.ints.positive` */
    positive: make<number>(
      lt("ints.positive"),
      "positive integer, meaning >0",
      (v) => isInt(v) && Number(v) > 0,
    ),
    /** `lib.types.ints.between lo hi` */
    between: (lo: number, hi: number) =>
      make<number>(
        n.call("lib.types.ints.between", n.int(lo), n.int(hi)),
        `integer between ${lo} and ${hi} (both inclusive)`,
        inRange(lo, hi),
      ),
    u8: int("ints.u8", "8 bit unsigned integer", 0, 255),
    u16: int("ints.u16", "16 bit unsigned integer", 0, 65535),
    u32: int("ints.u32", "32 bit unsigned integer", 0, 4294967295),
    s8: int("ints.s8", "8 bit signed integer", -128, 127),
    s16: int("ints.s16", "16 bit signed integer", -32768, 32767),
    s32: int("ints.s32", "32 bit signed integer", -2147483648, 2147483647),
  },
  /** `lib.types.port` (0..65535) */
  port: int("port", "16 bit unsigned integer; between 0 and 65535 (both inclusive)", 0, 65535),
  /** `lib.types.float` */
  float: make<number>(
    lt("float"),
    "floating point number",
    (v) => typeof v === "number" && Number.isFinite(v),
  ),
  /** `lib.types.number` (int or float) */
  number: make<number>(
    lt("number"),
    "signed integer or floating point number",
    (v) => typeof v === "number" && Number.isFinite(v),
  ),
  /** `lib.types.path`: an absolute path as a string (or a Nix path expression). */
  path: make<string>(lt("path"), "absolute path", (v, path) =>
    typeof v !== "string"
      ? false
      : v.startsWith("/")
        ? []
        : [
            {
              path,
              message: `expected an absolute path, got ${JSON.stringify(v)}`,
              hint: "paths start with /",
            },
          ],
  ),
  /** `lib.types.package`: only Nix expressions (`pkgs.kubernetes`) are accepted. */
  package: make<Expr>(lt("package"), "package", () => false),
  /** `lib.types.attrs`: any attribute set. */
  attrs: make<Record<string, unknown>>(lt("attrs"), "attribute set", isPlainObject),
  /** `lib.types.anything` */
  anything: make<unknown>(lt("anything"), "anything", () => true),
  /** `lib.types.raw`: a value not merged. */
  raw: make<unknown>(lt("raw"), "raw value", () => true),
  /** `lib.types.enum [ ... ]` */
  enum: <const V extends string | number | boolean>(values: readonly V[]) =>
    make<V>(
      n.call(
        "lib.types.enum",
        n.list(
          values.map((v) =>
            typeof v === "string" ? n.str(v) : typeof v === "boolean" ? n.bool(v) : n.int(v),
          ),
        ),
      ),
      `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
      (v) => values.includes(v as V),
    ),
  /** `lib.types.nullOr type` */
  nullOr: <T>(inner: OptionType<T>): OptionType<T | null> =>
    make<T | null>(
      (r) => n.call("lib.types.nullOr", inner.nix(r)),
      `null or ${inner.description}`,
      (v, path) => (v === null ? [] : inner.check(v, path)),
    ),
  /** `lib.types.listOf type` */
  listOf: <T>(inner: OptionType<T>): OptionType<T[]> =>
    make<T[]>(
      (r) => n.call("lib.types.listOf", inner.nix(r)),
      `list of ${inner.description}`,
      (v, path) =>
        Array.isArray(v) ? v.flatMap((x, i) => inner.check(x, `${path}[${i}]`)) : false,
    ),
  /** `lib.types.attrsOf type` */
  attrsOf: <T>(inner: OptionType<T>): OptionType<Record<string, T>> =>
    make<Record<string, T>>(
      (r) => n.call("lib.types.attrsOf", inner.nix(r)),
      `attribute set of ${inner.description}`,
      (v, path) =>
        isPlainObject(v)
          ? Object.entries(v).flatMap(([k, x]) => inner.check(x, `${path}.${k}`))
          : false,
    ),
  /** `lib.types.lazyAttrsOf type` */
  lazyAttrsOf: <T>(inner: OptionType<T>): OptionType<Record<string, T>> =>
    make<Record<string, T>>(
      (r) => n.call("lib.types.lazyAttrsOf", inner.nix(r)),
      `lazy attribute set of ${inner.description}`,
      (v, path) =>
        isPlainObject(v)
          ? Object.entries(v).flatMap(([k, x]) => inner.check(x, `${path}.${k}`))
          : false,
    ),
  /** `lib.types.either a b` */
  either: <A, B>(a: OptionType<A>, b: OptionType<B>): OptionType<A | B> =>
    make<A | B>(
      (r) => n.call("lib.types.either", a.nix(r), b.nix(r)),
      `${a.description} or ${b.description}`,
      (v, path) => (a.check(v, path).length === 0 || b.check(v, path).length === 0 ? [] : false),
    ),
  /** `lib.types.oneOf [ a b ... ]` */
  oneOf: <T extends readonly OptionType<unknown>[]>(types: T): OptionType<Infer<T[number]>> =>
    make<Infer<T[number]>>(
      (r) => n.call("lib.types.oneOf", n.list(types.map((x) => x.nix(r)))),
      types.map((x) => x.description).join(" or "),
      (v, path) => (types.some((x) => x.check(v, path).length === 0) ? [] : false),
    ),
  /** `lib.types.submodule { options = { ... }; }` */
  submodule: <S extends OptionsShape>(
    options: S,
  ): OptionType<{ [K in keyof S]?: Infer<S[K]["type"]> }> =>
    make<{ [K in keyof S]?: Infer<S[K]["type"]> }>(
      (r) => n.call("lib.types.submodule", n.attrs({ options: r(options) })),
      "submodule",
      (v, path) =>
        isPlainObject(v)
          ? Object.entries(v).flatMap(([k, x]) => {
              const opt = options[k];
              return opt
                ? opt.type.check(x, `${path}.${k}`)
                : [{ path: `${path}.${k}`, message: "no such option in the submodule" }];
            })
          : false,
    ),
  /** RFC 42 settings: `(pkgs.formats.json { }).type` (and `toml`, `yaml`). */
  json: make<unknown>(
    n.sel(n.paren(n.call("pkgs.formats.json", n.attrs({}))), "type"),
    "JSON value",
    () => true,
  ),
  toml: make<unknown>(
    n.sel(n.paren(n.call("pkgs.formats.toml", n.attrs({}))), "type"),
    "TOML value",
    () => true,
  ),
  yaml: make<unknown>(
    n.sel(n.paren(n.call("pkgs.formats.yaml", n.attrs({}))), "type"),
    "YAML value",
    () => true,
  ),
};
