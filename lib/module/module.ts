/**
 * NixOS modules described in TypeScript: options, typed references to them, config, and the
 * rendered module function with exactly the arguments its body uses.
 */
import * as E from "fp-ts/lib/Either.js";
import { markNode, n } from "../ast/build.js";
import { fromValue } from "../ast/fromValue.js";
import type { Expr, Select } from "../ast/nodes.js";
import { NIX_GLOBALS } from "../ast/globals.js";
import { freeVariableUses } from "../ast/scope.js";
import { dottedPaths, mapExpr } from "../ast/transform.js";
import { NixEmitError, type Issue } from "../errors.js";
import { suggest } from "../suggest.js";
import { checkOptions, renderOptions } from "./option.js";
import type { Infer, OptionsShape } from "./types.js";

/** A reference to an option's value (`config.services.k8s.secretsPath`), typed by its values. */
export type Ref<T> = Select & { readonly _value?: T };

/** Typed references to a module's options. */
export type Refs<S extends OptionsShape> = { readonly [K in keyof S]: Ref<Infer<S[K]["type"]>> };

const OPTION_PATH: unique symbol = Symbol.for("nix-emit.optionPath");

/** The description of a NixOS module. */
export interface ModuleSpec<S extends OptionsShape> {
  /** File name without `.nix`, e.g. `kubelet`. */
  readonly name: string;
  /** Where the options live, e.g. `["services", "k8s-kubelet"]`. */
  readonly path: readonly string[];
  /** One line or more for the comment at the top of the file. */
  readonly description?: string;
  readonly options: S;
  /** The module's `config`: a value (plain or expressions) built from typed references. */
  config?(refs: { readonly cfg: Refs<S> }): unknown;
  /** `imports` of the module (e.g. `mkRenamedOptionModule`). */
  readonly imports?: readonly Expr[];
  /**
   * Module arguments beyond the ones NixOS passes (`config`, `options`, `lib`, `pkgs`, `utils`,
   * `modulesPath`, `name`), e.g. `["inputs"]` for a flake's `specialArgs`. Any other free name in
   * the body is refused as a likely misspelling.
   */
  readonly args?: readonly string[];
  /**
   * Write nested sets with one binding in `config` as dotted paths (`systemd.services.x = { … }`),
   * as module authors do; default true.
   */
  readonly dottedPaths?: boolean;
}

/** A declared module: its description and typed references to its options. */
export interface Module<S extends OptionsShape> {
  readonly spec: ModuleSpec<S>;
  /** References to this module's options, for use in other modules. */
  readonly cfg: Refs<S>;
}

/** Any declared module, whatever its options (for lists of modules, such as a tree's). */
export type AnyModule = Module<OptionsShape>;

/** The description of a typed reference's option type (`"boolean"`), for run-time checks. */
export const OPTION_TYPE: unique symbol = Symbol.for("nix-emit.optionType");

/** `config.<path>` as a select node marked with the module path and option type it refers to. */
function reference(path: readonly string[], name: string, type: string): Select {
  const ref = n.sel(n.id("config"), ...path, name) as Select & {
    [OPTION_PATH]?: readonly string[];
    [OPTION_TYPE]?: string;
  };
  ref[OPTION_PATH] = path;
  ref[OPTION_TYPE] = type;
  return markNode(ref);
}

/** Declares a module. */
export function defineModule<S extends OptionsShape>(spec: ModuleSpec<S>): Module<S> {
  const cfg = Object.fromEntries(
    Object.keys(spec.options).map((k) => [
      k,
      reference(spec.path, k, spec.options[k]!.type.description),
    ]),
  ) as Refs<S>;
  return { spec, cfg };
}

/** The module paths of the other modules whose options `module` reads (typed references). */
export function referencedModulePaths<S extends OptionsShape>(module: Module<S>): string[][] {
  const { spec } = module;
  const own = spec.path.join(".");
  const found = new Map<string, string[]>();
  const collect = (e: Expr) =>
    mapExpr(e, (x) => {
      const path = (x as { [OPTION_PATH]?: readonly string[] })[OPTION_PATH];
      if (path && path.join(".") !== own) found.set(path.join("."), [...path]);
      return x;
    });
  if (spec.config) collect(fromValue(spec.config({ cfg: module.cfg })));
  for (const option of Object.values(spec.options)) {
    const o = option as { default?: unknown; render?: Expr };
    if (o.default !== undefined) collect(fromValue(o.default));
    if (o.render) collect(o.render);
  }
  return [...found.values()];
}

const camel = (s: string) => s.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Replaces references by `let` aliases: the module's own options through `cfg = config.<path>;`,
 * another module's options through `<name>Cfg = config.<path>;` when used more than once.
 */
function aliasReferences(
  body: Expr,
  ownPath: readonly string[],
): { body: Expr; aliases: Record<string, Expr> } {
  const uses = new Map<string, { path: readonly string[]; count: number }>();
  mapExpr(body, (e) => {
    const path = (e as { [OPTION_PATH]?: readonly string[] })[OPTION_PATH];
    if (path) {
      const key = path.join(".");
      const u = uses.get(key) ?? { path, count: 0 };
      u.count++;
      uses.set(key, u);
    }
    return e;
  });
  const names = new Map<string, string>();
  const aliases: Record<string, Expr> = {};
  const own = ownPath.join(".");
  for (const [key, u] of [...uses].sort(([a], [b]) => a.localeCompare(b))) {
    if (key !== own && u.count < 2) continue;
    let alias = key === own ? "cfg" : `${camel(u.path[u.path.length - 1]!)}Cfg`;
    while (Object.values(Object.fromEntries(names)).includes(alias) || alias === "config")
      alias += "_";
    names.set(key, alias);
    aliases[alias] = n.sel(n.id("config"), ...u.path);
  }
  const rewritten = mapExpr(body, (e) => {
    const path = (e as { [OPTION_PATH]?: readonly string[] })[OPTION_PATH];
    const alias = path && names.get(path.join("."));
    if (!alias || e.type !== "select") return e;
    const aliased = n.sel(n.id(alias), ...e.path.slice(path.length));
    return e.orDefault ? { ...aliased, orDefault: e.orDefault } : aliased;
  });
  return { body: rewritten, aliases };
}

/** The module arguments NixOS passes to every module, in the order headers list them. */
export const NIXOS_MODULE_ARGS = [
  "config",
  "options",
  "lib",
  "pkgs",
  "utils",
  "modulesPath",
  "name",
] as const;

/**
 * The header's arguments: the free names of the body that are module arguments (NixOS's or the
 * declared extra ones), never Nix's globals (`builtins`, `toString`, ...: NixOS does not pass them).
 * Any other free name is an issue naming it and where it is used.
 */
function moduleArguments(
  body: Expr,
  spec: Pick<ModuleSpec<OptionsShape>, "name" | "args">,
): E.Either<Issue[], string[]> {
  const known: readonly string[] = [...NIXOS_MODULE_ARGS, ...(spec.args ?? [])];
  const args: string[] = [];
  const issues: Issue[] = [];
  for (const [name, where] of freeVariableUses(body)) {
    if (NIX_GLOBALS.has(name)) continue;
    if (known.includes(name)) {
      args.push(name);
      continue;
    }
    const near = suggest(name, [...known, ...NIX_GLOBALS]);
    issues.push({
      path: `${spec.name}${where === "" ? "" : `: ${where}`}`,
      message: `unknown name \`${name}\`: it is neither bound in the module, a module argument NixOS passes (${NIXOS_MODULE_ARGS.join(", ")}), nor a Nix builtin`,
      hint: `${near ? `did you mean \`${near}\`? ` : ""}if it is an extra module argument (specialArgs or _module.args), declare it with args: ["${name}"]`,
    });
  }
  if (issues.length > 0) return E.left(issues);
  const order = (a: string) => known.indexOf(a) + 1 || 99;
  return E.right(args.sort((a, b) => order(a) - order(b) || a.localeCompare(b)));
}

/**
 * The module as a Nix expression: `{ config, lib, ... }: let ... in { imports; options; config; }`,
 * with the header listing exactly the free variables of the body. Defaults are checked against
 * their types first; all problems are returned at once.
 */
export function renderModule<S extends OptionsShape>(module: Module<S>): E.Either<Issue[], Expr> {
  const { spec } = module;
  const issues = checkOptions(spec.options, spec.path.join("."));
  if (issues.length > 0) return E.left(issues);
  try {
    const bindings = [];
    if (spec.imports && spec.imports.length > 0)
      bindings.push(n.assign("imports", n.list(spec.imports)));
    if (Object.keys(spec.options).length > 0)
      bindings.push(
        n.assign(["options", ...spec.path], renderOptions(spec.options, spec.path.join("."))),
      );
    if (spec.config) {
      const config = fromValue(spec.config({ cfg: module.cfg }));
      bindings.push(n.assign("config", spec.dottedPaths === false ? config : dottedPaths(config)));
    }
    const { body, aliases } = aliasReferences(n.attrs(bindings), spec.path);
    const withLet = Object.keys(aliases).length > 0 ? n.let(aliases, body) : body;
    const args = moduleArguments(withLet, spec);
    if (E.isLeft(args)) return args;
    const fn = n.module(args.right, withLet);
    const comment = spec.description
      ?.split("\n")
      .map((l) => n.lineComment(l === "" ? "" : ` ${l}`));
    return E.right(comment ? n.withComments(fn, { before: comment }) : fn);
  } catch (err) {
    if (err instanceof NixEmitError) return E.left([...err.issues]);
    throw err;
  }
}

/** Like `renderModule`, throwing a `NixEmitError` with every problem. */
export function renderModuleOrThrow<S extends OptionsShape>(module: Module<S>): Expr {
  const r = renderModule(module);
  if (E.isLeft(r)) throw new NixEmitError(r.left);
  return r.right;
}
