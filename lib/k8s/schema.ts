/**
 * Small schema combinators for Kubernetes configuration files: one definition gives both the
 * TypeScript type (`TypeOf<S>`) and the runtime check, which collects every problem with its path,
 * the reason and a fix (unknown keys get a "did you mean").
 */
import type { Issue } from "../errors.js";
import { checkDuration } from "./duration.js";
import { suggest } from "../suggest.js";

/** A schema for values of type `T`. */
export interface Schema<T> {
  readonly kind: string;
  /** For documentation: "duration", "list of string", ... */
  readonly description: string;
  readonly check: (value: unknown, path: string) => Issue[];
  readonly _type?: T;
}

/** A field of a struct: its schema and its documentation. */
export interface Field<T> {
  readonly schema: Schema<T>;
  readonly doc: string;
}

/** The TypeScript type a schema describes. */
export type TypeOf<S> = S extends Schema<infer T> ? T : never;

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
): Schema<T> {
  return {
    kind,
    description,
    check: (v, path) =>
      ok(v)
        ? []
        : [
            {
              path,
              message: `expected ${description}, got ${describe(v)}`,
              ...(hint ? { hint } : {}),
            },
          ],
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
};

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
/** A resource quantity: `"100Mi"`, `"1.5"`, `"200m"`. */
export const quantity = leaf<string>(
  "quantity",
  'a quantity such as "100Mi"',
  (v) => typeof v === "string" && QUANTITY.test(v),
  "binary suffixes Ki, Mi, Gi, ...; decimal k, M, G, ...; millis m",
);
/** A quantity or a percentage: `"100Mi"`, `"10%"`. */
export const quantityOrPercent = leaf<string>(
  "quantityOrPercent",
  'a quantity or a percentage such as "100Mi" or "10%"',
  (v) => typeof v === "string" && (QUANTITY.test(v) || /^\d+(\.\d+)?%$/.test(v)),
);

/** One of the given strings, with the exact casing Kubernetes demands. */
export function enumOf<const V extends string>(values: readonly V[]): Schema<V> {
  return {
    kind: "enum",
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
        const field = fields[k];
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
