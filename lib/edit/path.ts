/**
 * Attribute paths as users write them: `config.networking.firewall.enable`, with quoted segments
 * for names that are not identifiers (`plugins."io.containerd.grpc.v1.cri".cni`), or as an array.
 *
 * The quoting rule: a segment of letters, digits, `_`, `'` and `-` is written bare (a list index is
 * such a segment: `after.0`); any other name is written in double quotes, where `.` and `=` stand
 * for themselves and `\"` is a quote, `\\` a backslash (`a."b.c=d"."say \"hi\""`). On the command
 * line, `--set PATH=JSON` splits at the first `=` outside quotes. A name may not hold a NUL or a
 * lone UTF-16 surrogate (Nix strings cannot).
 */
import * as E from "fp-ts/lib/Either.js";
import { escapeDoubleQuoted, isIdentifier } from "../ast/escape.js";
import type { Issue } from "../errors.js";

/** An attribute path: a dotted string with quoted segments, or the segments themselves. */
export type AttrPathInput = string | readonly string[];

/** Splits a dotted path into its segments; quoted segments may hold dots and `\"` escapes. */
export function parseAttrPath(input: AttrPathInput): E.Either<Issue, string[]> {
  const shown = typeof input === "string" ? input : input.join(".");
  const bad = (message: string, hint?: string): E.Either<Issue, string[]> =>
    E.left({ path: shown, message, ...(hint ? { hint } : {}) });
  const checked = (segments: string[]): E.Either<Issue, string[]> => {
    for (const seg of segments) {
      if (seg.includes("\u0000"))
        return bad(
          `the name ${JSON.stringify(seg)} holds a NUL character, which Nix names cannot hold`,
          "remove the NUL from the path",
        );
      if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(seg))
        return bad(
          `the name ${JSON.stringify(seg)} holds a lone UTF-16 surrogate, which has no UTF-8 encoding`,
          "fix the name's encoding",
        );
    }
    return E.right(segments);
  };
  if (typeof input !== "string") {
    if (input.length === 0) return bad("the attribute path is empty");
    return checked([...input]);
  }
  // Before the name rules, so that the message says what is wrong with such a name.
  const raw = checked([input]);
  if (E.isLeft(raw)) return raw;
  const segments: string[] = [];
  let i = 0;
  while (i <= input.length) {
    if (input[i] === '"') {
      let text = "";
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === "\\" && i + 1 < input.length) i++;
        text += input[i];
        i++;
      }
      if (input[i] !== '"') return bad("unterminated quoted segment", 'close it with "');
      segments.push(text);
      i++;
    } else {
      const end = input.indexOf(".", i);
      const text = input.slice(i, end < 0 ? undefined : end);
      if (!isIdentifier(text) && !/^[A-Za-z0-9_'-]+$/.test(text))
        return bad(
          `${JSON.stringify(text)} is not an attribute name`,
          'quote names with other characters: a."b.c".d',
        );
      segments.push(text);
      i = end < 0 ? input.length : end;
    }
    if (i >= input.length) break;
    if (input[i] !== ".") return bad(`expected "." after a quoted segment at ${i}`);
    i++;
    if (i >= input.length) return bad("the attribute path ends with a dot");
  }
  return segments.length === 0 ? bad("the attribute path is empty") : checked(segments);
}

/** Where `PATH=VALUE` splits: the first `=` outside a quoted segment (-1 if none). */
export function assignmentSplit(arg: string): number {
  let quoted = false;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (quoted && c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "=" && !quoted) return i;
  }
  return -1;
}

/** The path as Nix writes it: identifiers (and list indices, `after.0`) bare, other names quoted. */
export function formatAttrPath(segments: readonly string[]): string {
  return segments
    .map((s) => (isIdentifier(s) || /^(0|[1-9][0-9]*)$/.test(s) ? s : `"${escapeDoubleQuoted(s)}"`))
    .join(".");
}
