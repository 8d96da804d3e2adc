/**
 * Small schema combinators for Kubernetes configuration files: one definition gives both the
 * TypeScript type (`TypeOf<S>`) and the runtime check, which collects every problem with its path,
 * the reason and a fix (unknown keys get a "did you mean").
 */
import { type Checked, checkWith } from "../checked.js";
import type { Issue } from "../errors.js";
import { checkDuration, DURATION_PATTERN } from "./duration.js";
import { suggest } from "../suggest.js";

/** A schema for values of type `T`: a checked type (`Checked`) with a kind for documentation. */
export interface Schema<T> extends Checked<T> {
  readonly kind: string;
  /** What the schema is made of, for the JSON Schema (`jsonSchema.ts`). */
  readonly item?: Schema<unknown>; // list items, map values
  readonly options?: readonly Schema<unknown>[]; // either
  readonly values?: readonly (string | number | boolean)[]; // enum, literal
  readonly pattern?: string; // strings matching a regular expression
  /** Fields that must be present (from `refine(schema, required(...))`). */
  readonly required?: readonly string[];
  /** Fields required when another has a value (from `refine(schema, requiredWhen(...))`). */
  readonly requiredWhen?: readonly RequiredWhen[];
  /** Rules beyond the structure (`refine`, `validatedBy`), which a JSON Schema may not express. */
  readonly rules?: boolean;
}

/** A field of a struct: its schema and its documentation. */
export interface Field<T> {
  readonly schema: Schema<T>;
  readonly doc: string;
}

/** The TypeScript type a schema describes. */
export type TypeOf<S> = S extends Checked<infer T> ? T : never;

type Fields = Readonly<Record<string, Field<unknown>>>;
type StructOf<F extends Fields> = {
  -readonly [K in keyof F]?: F[K] extends Field<infer T> ? T : never;
};

const describe = (v: unknown): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "a list"
      : typeof v === "object"
        ? "an object"
        : JSON.stringify(v);

function leaf<T>(
  kind: string,
  description: string,
  ok: (v: unknown) => boolean,
  hint?: string,
  pattern?: RegExp,
): Schema<T> {
  return {
    kind,
    description,
    check: checkWith(description, ok, describe, hint),
    ...(pattern ? { pattern: pattern.source } : {}),
  };
}

const isInt = (v: unknown, lo: number, hi: number) =>
  typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;

/** A JSON string. */
export const string = leaf<string>("string", "a string", (v) => typeof v === "string");
/** A JSON boolean. */
export const boolean = leaf<boolean>("boolean", "true or false", (v) => typeof v === "boolean");
/** A 32-bit signed integer. */
export const int32 = leaf<number>("int32", "a 32-bit integer", (v) =>
  isInt(v, -2147483648, 2147483647),
);
/** A 64-bit signed integer (as a safe JavaScript integer). */
export const int64 = leaf<number>("int64", "an integer", (v) =>
  isInt(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
);
/** A float. */
export const float64 = leaf<number>(
  "float64",
  "a number",
  (v) => typeof v === "number" && Number.isFinite(v),
);

/** A Go duration string (`metav1.Duration`): `"10s"`, `"1h30m"`; `7d` is refused with the fix. */
export const duration: Schema<string> = {
  kind: "duration",
  description: 'a duration such as "10s"',
  check: checkDuration,
  pattern: DURATION_PATTERN.source,
};

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const QUANTITY_OR_PERCENT = new RegExp(`${QUANTITY.source}|^\\d+(\\.\\d+)?%$`);
/** A resource quantity: `"100Mi"`, `"1.5"`, `"200m"`. */
export const quantity = leaf<string>(
  "quantity",
  'a quantity such as "100Mi"',
  (v) => typeof v === "string" && QUANTITY.test(v),
  "binary suffixes Ki, Mi, Gi, ...; decimal k, M, G, ...; millis m",
  QUANTITY,
);
/** A quantity or a percentage: `"100Mi"`, `"10%"`. */
export const quantityOrPercent = leaf<string>(
  "quantityOrPercent",
  'a quantity or a percentage such as "100Mi" or "10%"',
  (v) => typeof v === "string" && QUANTITY_OR_PERCENT.test(v),
  undefined,
  QUANTITY_OR_PERCENT,
);

/** One of the given strings, with the exact casing Kubernetes demands. */
export function enumOf<const V extends string>(values: readonly V[]): Schema<V> {
  return {
    kind: "enum",
    values,
    description: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
    check: (v, path) => {
      if (typeof v === "string" && (values as readonly string[]).includes(v)) return [];
      const close =
        typeof v === "string"
          ? (values.find((x) => x.toLowerCase() === v.toLowerCase()) ?? suggest(v, values))
          : undefined;
      return [
        {
          path,
          message: `expected one of ${values.map((x) => JSON.stringify(x)).join(", ")}, got ${describe(v)}`,
          ...(close ? { hint: `did you mean ${JSON.stringify(close)}? (the casing matters)` } : {}),
        },
      ];
    },
  };
}

export function listOf<T>(item: Schema<T>): Schema<T[]> {
  return {
    kind: "list",
    item,
    description: `a list of ${item.description.replace(/^an? /, "")}`,
    check: (v, path) =>
      Array.isArray(v)
        ? v.flatMap((x, i) => item.check(x, `${path}[${i}]`))
        : [{ path, message: `expected a list, got ${describe(v)}` }],
  };
}

export function mapOf<T>(value: Schema<T>): Schema<Record<string, T>> {
  return {
    kind: "map",
    item: value,
    description: `a map of ${value.description.replace(/^an? /, "")}`,
    check: (v, path) =>
      typeof v === "object" && v !== null && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) => value.check(x, `${path}.${k}`))
        : [{ path, message: `expected an object, got ${describe(v)}` }],
  };
}

/** Either of two schemas (`logging.flushFrequency` takes a duration or nanoseconds). */
export function either<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  return {
    kind: "either",
    options: [a, b],
    description: `${a.description} or ${b.description}`,
    check: (v, path) =>
      a.check(v, path).length === 0 || b.check(v, path).length === 0 ? [] : a.check(v, path),
  };
}

/** An object with known fields; unknown fields are errors with a suggestion. */
export interface StructSchema<F extends Fields> extends Schema<StructOf<F>> {
  readonly fields: F;
}

export function struct<F extends Fields>(fields: F): StructSchema<F> {
  const names = Object.keys(fields);
  return {
    kind: "struct",
    description: "an object",
    fields,
    check: (v, path) => {
      if (typeof v !== "object" || v === null || Array.isArray(v))
        return [{ path, message: `expected an object, got ${describe(v)}` }];
      return Object.entries(v).flatMap(([k, x]) => {
        const at = path === "" ? k : `${path}.${k}`;
        // Own fields only: "constructor" or "toString" are unknown fields, not Object.prototype.
        const field = Object.hasOwn(fields, k) ? fields[k] : undefined;
        if (field) return x === undefined ? [] : field.schema.check(x, at);
        const close = suggest(k, names);
        return [
          {
            path: at,
            message: "unknown field",
            ...(close ? { hint: `did you mean ${close}?` } : {}),
          },
        ];
      });
    },
  };
}

/** A documented field. */
export function field<T>(schema: Schema<T>, doc: string): Field<T> {
  return { schema, doc };
}

/**
 * A schema with extra rules on top (ranges, relations between fields); `rules` runs on every value
 * the schema sees, so it must look only at fields of the right type.
 */
export function refine<T, K extends string>(
  schema: Schema<T>,
  rules: RequiredRule<K>,
  description?: string,
): Schema<WithRequired<T, K>>;
export function refine<T>(
  schema: Schema<T>,
  rules: RequiredWhenRule,
  description?: string,
): Schema<T>;
export function refine<T>(
  schema: Schema<T>,
  rules: (value: unknown, path: string) => Issue[],
  description?: string,
): Schema<T>;
export function refine<T>(
  schema: Schema<T>,
  rules: ((value: unknown, path: string) => Issue[]) & {
    readonly requiredNames?: readonly string[];
    readonly requiredWhen?: RequiredWhen;
  },
  description = schema.description,
): Schema<T> {
  const names = rules.requiredNames;
  const when = rules.requiredWhen;
  return {
    ...schema,
    description,
    check: (v, path) => [...schema.check(v, path), ...rules(v, path)],
    ...(names
      ? { required: [...(schema.required ?? []), ...names] }
      : when
        ? { requiredWhen: [...(schema.requiredWhen ?? []), when] }
        : { rules: true }),
  };
}

/** `T` with the fields `K` present (not optional, not undefined). */
export type WithRequired<T, K extends string> = T & {
  [P in K & keyof T]-?: Exclude<T[P], undefined>;
};

/** One of the given literal values (`2` or `3`). */
export function literal<const V extends string | number | boolean>(
  values: readonly V[],
  hint?: string,
): Schema<V> {
  return {
    ...leaf<V>(
      "literal",
      `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
      (v) => (values as readonly unknown[]).includes(v),
      hint,
    ),
    values,
  };
}

/** A TCP port, 1 to 65535. */
export const port = leaf<number>("port", "a port number (1 to 65535)", (v) => isInt(v, 1, 65535));

/**
 * A string that ends up on a command line or in a unit file: one line, no NUL (systemd would end
 * the directive at a line break).
 */
const ONE_LINE = /^[^\n\r\0]*$/;
export const flagString = leaf<string>(
  "flagString",
  "a one-line string",
  (v) => typeof v === "string" && ONE_LINE.test(v),
  "remove the line break: command-line values are one line",
  ONE_LINE,
);

/** Problems with a path that ends up inside Nix strings and command lines. */
export function checkSafePath(value: unknown, path: string, absolute: boolean): Issue[] {
  if (typeof value !== "string")
    return [{ path, message: `expected a path string, got ${describe(value)}` }];
  const issues: Issue[] = [];
  if (value === "") issues.push({ path, message: "is empty", hint: "give a file name" });
  if (/[\n\r\0]/.test(value))
    issues.push({ path, message: "contains a line break or NUL", hint: "paths are one line" });
  if (value.includes("${"))
    issues.push({
      path,
      message: "contains `${`, which would be read as Nix interpolation",
      hint: "write the literal path",
    });
  if (absolute && !value.startsWith("/"))
    issues.push({
      path,
      message: `${JSON.stringify(value)} is not an absolute path`,
      hint: "start it with /",
    });
  return issues;
}

/** An absolute file path, one line, without `${` (it ends up in Nix strings and unit files). */
export const absolutePath: Schema<string> = {
  kind: "absolutePath",
  description: "an absolute path",
  check: (v, path) => checkSafePath(v, path, true),
  pattern: "^/(?![\\s\\S]*\\$\\{)[^\\n\\r\\0]*$", // checkSafePath's rules as one pattern
};

/** A file path, absolute or relative to the secrets folder, one line, without `${`. */
export const filePath: Schema<string> = {
  kind: "filePath",
  description: "a file path",
  check: (v, path) => checkSafePath(v, path, false),
  pattern: "^(?![\\s\\S]*\\$\\{)[^\\n\\r\\0]+$", // checkSafePath's rules as one pattern
};

/** A URL with one of the given schemes (`https://[::1]:2379`). */
export function url(schemes: readonly string[], example: string): Schema<string> {
  const re = new RegExp(`^(${schemes.join("|")})://[^\\s/]+(/\\S*)?$`);
  return leaf<string>(
    "url",
    `a ${schemes.join(" or ")} URL`,
    (v) => typeof v === "string" && re.test(v),
    `e.g. ${JSON.stringify(example)}`,
    re,
  );
}

/**
 * A schema whose check is a full validator (schema plus rules) returning an Either, such as
 * `validateKubeletConfiguration`: its issues become the schema's.
 */
export function validatedBy<T, S extends Schema<T>>(
  schema: S,
  validate: (value: unknown, path: string) => { _tag: "Left"; left: Issue[] } | { _tag: "Right" },
): S {
  return {
    ...schema,
    rules: true,
    check: (v, path) => {
      const r = validate(v, path);
      return r._tag === "Left" ? r.left : [];
    },
  };
}

/**
 * A string schema narrowed to the strings `re` matches: the check reports `issue` (after the
 * schema's own problems), and the JSON Schema says it as its `pattern`, which replaces the
 * schema's own, so `re` must refuse everything the schema refuses (a label value's characters
 * leave out line breaks, as `flagString` does).
 */
export function matching<T extends string>(
  schema: Schema<T>,
  re: RegExp,
  issue: (value: string) => Omit<Issue, "path">,
): Schema<T> {
  return {
    ...schema,
    pattern: re.source,
    check: (v, path) => {
      const own = schema.check(v, path);
      return own.length > 0 || typeof v !== "string" || re.test(v) ? own : [{ path, ...issue(v) }];
    },
  };
}

/** A rule for `refine`: fields required when another (a path into the value) has a given value. */
export type RequiredWhenRule = ((value: unknown, path: string) => Issue[]) & {
  readonly requiredWhen: RequiredWhen;
};

/** Fields required when the string at `when` (a path into the value) equals `equals`. */
export interface RequiredWhen {
  readonly when: readonly string[];
  readonly equals: string;
  readonly names: readonly string[];
  /** Why, after "is required": "for the bridge pod network". */
  readonly because: string;
  /** How to fix it. */
  readonly hint?: string;
}

/**
 * Fields that must be present when another field has a given value, as a rule for `refine`; the
 * JSON Schema says it as `if`/`then`.
 */
export function requiredWhen(r: RequiredWhen): RequiredWhenRule {
  const at = (v: unknown, path: readonly string[]): unknown =>
    path.reduce<unknown>(
      (x, k) =>
        typeof x === "object" && x !== null && !Array.isArray(x)
          ? (x as Record<string, unknown>)[k]
          : undefined,
      v,
    );
  const rule = (v: unknown, path: string): Issue[] =>
    typeof v !== "object" || v === null || Array.isArray(v) || at(v, r.when) !== r.equals
      ? []
      : r.names
          .filter((k) => (v as Record<string, unknown>)[k] === undefined)
          .map((k) => ({
            path: path === "" ? k : `${path}.${k}`,
            message: `is required ${r.because}`,
            ...(r.hint !== undefined ? { hint: r.hint } : {}),
          }));
  return Object.assign(rule, { requiredWhen: r });
}

/** Any JSON value (plugin arguments and other free-form parts). */
export const anything = leaf<unknown>("anything", "any value", () => true);

/** A rule for `refine` that fields must be present; `refine` makes them required in the type too. */
export type RequiredRule<K extends string> = ((value: unknown, path: string) => Issue[]) & {
  readonly requiredNames: readonly K[];
};

/** Fields that must be present, as a rule for `refine`. */
export function required<const K extends string>(...names: K[]): RequiredRule<K> {
  const rule = (v: unknown, path: string): Issue[] =>
    typeof v !== "object" || v === null || Array.isArray(v)
      ? []
      : names
          .filter((k) => (v as Record<string, unknown>)[k] === undefined)
          .map((k) => ({ path: path === "" ? k : `${path}.${k}`, message: "is required" }));
  return Object.assign(rule, { requiredNames: names });
}
