/**
 * Go duration strings, as Kubernetes config files take them (`metav1.Duration`): a sequence of
 * decimal numbers with units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`, like `300ms`, `1h30m`,
 * `604800s`. There is no `d`: a week is `168h`.
 */
import type { Issue } from "../errors.js";

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** The strings `parseDuration` accepts, as one regular expression (for the JSON Schema). */
export const DURATION_PATTERN = new RegExp(`^[-+]?(0|(${PART.source})+)$`, "u");

/** Nanoseconds of a Go duration string, or `undefined` when it is not one. */
export function parseDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const m = PART.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_NS[m[2]!]!;
  }
  return sign * total;
}

/** Problems with `value` as a Go duration, with a fix when one is obvious (`7d` → `168h`). */
export function checkDuration(value: unknown, path: string): Issue[] {
  if (typeof value !== "string")
    return [
      { path, message: `expected a duration string such as "10s", got ${JSON.stringify(value)}` },
    ];
  if (parseDuration(value) !== undefined) return [];
  const days = /^(\d+(?:\.\d+)?)d$/.exec(value);
  if (days)
    return [
      {
        path,
        message: `${JSON.stringify(value)} is not a Go duration: there is no "d" unit`,
        hint: `write "${Number(days[1]) * 24}h"`,
      },
    ];
  return [
    {
      path,
      message: `${JSON.stringify(value)} is not a Go duration`,
      hint: 'use numbers with units ns, us, ms, s, m, h, e.g. "10s", "1h30m", "168h"',
    },
  ];
}
