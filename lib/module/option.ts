/**
 * Option declarations: `mkOption` and friends, with defaults checked against their types before
 * any Nix is written.
 */
import { n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr } from "../ast/nodes.js";
import type { Issue } from "../errors.js";
import { NixEmitError } from "../errors.js";
import { type Infer, type OptionType, type OptionsShape, type OrExpr, t } from "./types.js";

/** A declared option with values of type `T`. */
export interface Option<T> {
  readonly kind: "option";
  readonly type: OptionType<T>;
  /** The default value; any part of it may be a Nix expression (`[n.str\`${ref}/a\`, "b"]`). */
  readonly default?: OrExpr<T>;
  /** Shown in the manual instead of the default (`lib.literalExpression`). */
  readonly defaultText?: string;
  readonly example?: OrExpr<T>;
  /** Markdown, as the NixOS manual renders it. */
  readonly description?: string;
  readonly readOnly?: boolean;
  readonly internal?: boolean;
  readonly visible?: boolean;
  /** A Nix function applied to the merged value. */
  readonly apply?: Expr;
  /** How it is written, when not `lib.mkOption { ... }`. */
  readonly render?: Expr;
}

/** The fields of `mkOption` besides the type. */
export type OptionFields<T> = Omit<Option<T>, "kind" | "type" | "render">;

/** `lib.mkOption { type = ...; default = ...; description = "..."; }` */
export function mkOption<T>(type: OptionType<T>, fields: OptionFields<NoInfer<T>> = {}): Option<T> {
  return { kind: "option", type, ...fields };
}

/** `lib.mkEnableOption "the thing"`: a boolean option, default false. */
export function mkEnableOption(what: string): Option<boolean> {
  return {
    kind: "option",
    type: t.bool,
    default: false,
    description: `Whether to enable ${what}.`,
    render: n.call("lib.mkEnableOption", n.str(what)),
  };
}

/** `lib.mkPackageOption pkgs "kubernetes" { }`: a package option defaulting to `pkgs.<name>`. */
export function mkPackageOption(name: string | readonly string[]): Option<Expr> {
  const path = typeof name === "string" ? [name] : name;
  const attr = path.length === 1 ? n.str(path[0]!) : n.list(path.map((p) => n.str(p)));
  return {
    kind: "option",
    type: t.package,
    default: n.sel(n.id("pkgs"), ...path),
    render: n.call("lib.mkPackageOption", n.id("pkgs"), attr, n.attrs({})),
  };
}

/** The problems of each option's default and example, under `prefix.<name>.default`. */
export function checkOptions(options: OptionsShape, prefix: string): Issue[] {
  return Object.entries(options).flatMap(([name, option]) => {
    const o = option as Option<unknown>;
    const where = prefix === "" ? name : `${prefix}.${name}`;
    const issues: Issue[] = [];
    if (o.default !== undefined)
      issues.push(
        ...o.type.check(o.default, `${where}.default`).map((i) => ({
          ...i,
          hint: i.hint ?? "change the default to a value of the option's type, or change the type",
        })),
      );
    if (o.example !== undefined) issues.push(...o.type.check(o.example, `${where}.example`));
    return issues;
  });
}

function value(v: unknown, path: string): Expr {
  try {
    return fromValue(v);
  } catch (err) {
    if (err instanceof NixEmitError)
      throw new NixEmitError(err.issues.map((i) => ({ ...i, path: path + i.path.slice(1) })));
    throw err;
  }
}

/** The attribute set of option declarations: `{ name = lib.mkOption { ... }; ... }`. */
export function renderOptions(options: OptionsShape, prefix = ""): Expr {
  return n.attrs(
    Object.entries(options).map(([name, option]) => {
      const o = option as Option<unknown>;
      if (o.render) return n.assign(name, o.render);
      const where = prefix === "" ? name : `${prefix}.${name}`;
      const fields: Record<string, Expr | undefined> = {
        type: o.type.nix(renderOptions),
        default: o.default === undefined ? undefined : value(o.default, `${where}.default`),
        defaultText:
          o.defaultText === undefined
            ? undefined
            : n.call("lib.literalExpression", n.str(o.defaultText)),
        example: o.example === undefined ? undefined : value(o.example, `${where}.example`),
        description: o.description === undefined ? undefined : n.str(o.description),
        readOnly: o.readOnly ? n.bool(true) : undefined,
        internal: o.internal ? n.bool(true) : undefined,
        visible: o.visible === false ? n.bool(false) : undefined,
        apply: o.apply,
      };
      return n.assign(name, n.call("lib.mkOption", n.attrs(fields)));
    }),
  );
}

export type { Infer };
