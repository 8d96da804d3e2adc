/**
 * The comments of a Nix source text, found by a small lexer (strings, indented strings and
 * interpolations are skipped), independently of the parser: a test can then check that formatting
 * kept every comment of the input text, whatever the AST does with them.
 *
 * `commentLines(text)` gives each comment line as normalised text, sorted: a line comment is its text
 * after `#`, a block comment one entry per non-empty line with a leading `*` removed (nixfmt turns
 * some block comments into `#` lines, and `/** ... *\/` keeps its stars), all trimmed. `commentDiff`
 * also accepts nixfmt's joining of the comments after a token into one.
 *
 * @module
 */

/** The raw comments of `source` (`# ...` without the newline, `/* ... *\/`), in order. */
export function rawComments(source: string): string[] {
  const out: string[] = [];
  // A stack of modes: "code" entries carry the count of open braces since the interpolation began.
  type Mode = { kind: "code"; braces: number } | { kind: "str" } | { kind: "ind" };
  const stack: Mode[] = [{ kind: "code", braces: 0 }];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const mode = stack[stack.length - 1]!;
    const c = source[i]!;
    if (mode.kind === "code") {
      if (c === "#") {
        let j = i;
        while (j < n && source[j] !== "\n" && source[j] !== "\r") j++;
        out.push(source.slice(i, j));
        i = j;
      } else if (c === "/" && source[i + 1] === "*") {
        const end = source.indexOf("*/", i + 2);
        const j = end < 0 ? n : end + 2;
        out.push(source.slice(i, j));
        i = j;
      } else if (/[A-Za-z_]/.test(c)) {
        // An identifier, which may contain `'` (`a''` is not an indented string).
        i++;
        while (i < n && /[A-Za-z0-9_'-]/.test(source[i]!)) i++;
      } else if (c === '"') {
        stack.push({ kind: "str" });
        i++;
      } else if (c === "'" && source[i + 1] === "'") {
        stack.push({ kind: "ind" });
        i += 2;
      } else if (c === "{") {
        mode.braces++;
        i++;
      } else if (c === "}") {
        if (mode.braces === 0 && stack.length > 1) stack.pop();
        else mode.braces--;
        i++;
      } else i++;
    } else if (mode.kind === "str") {
      if (c === "\\") i += 2;
      else if (c === '"') {
        stack.pop();
        i++;
      } else if (c === "$" && source[i + 1] === "$") i += 2;
      else if (c === "$" && source[i + 1] === "{") {
        stack.push({ kind: "code", braces: 0 });
        i += 2;
      } else i++;
    } else {
      if (c === "'" && source[i + 1] === "'") {
        if (source[i + 2] === "'" || source[i + 2] === "$") i += 3;
        else if (source[i + 2] === "\\") i += 4;
        else {
          stack.pop();
          i += 2;
        }
      } else if (c === "$" && source[i + 1] === "$") i += 2;
      else if (c === "$" && source[i + 1] === "{") {
        stack.push({ kind: "code", braces: 0 });
        i += 2;
      } else i++;
    }
  }
  return out;
}

/** Every comment line of `source`, normalised (see the module comment), sorted. */
export function commentLines(source: string): string[] {
  const out: string[] = [];
  for (const raw of rawComments(source)) {
    const body = raw.startsWith("#")
      ? raw.slice(1)
      : raw.slice(2, raw.endsWith("*/") ? -2 : undefined);
    for (const line of body.split(/\r?\n|\r/)) {
      let t = line.trim();
      if (!raw.startsWith("#") && t.startsWith("*")) t = t.slice(1).trim();
      if (t !== "") out.push(t);
    }
  }
  return out.sort();
}

/** The lines of `before` missing from `after` and the ones added, as two sorted lists. */
export function commentDiff(
  before: readonly string[],
  after: readonly string[],
): { lost: string[]; added: string[] } {
  const count = new Map<string, number>();
  for (const l of before) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of after) {
    const k = count.get(l) ?? 0;
    if (k > 0) count.set(l, k - 1);
    else added.push(l);
  }
  const lost: string[] = [];
  for (const [l, k] of count) for (let j = 0; j < k; j++) lost.push(l);
  // nixfmt joins comments that follow a token on its line (`a /* x */ # y` ends `a # x y`): the
  // same words, regrouped, are kept comments.
  const words = (ls: readonly string[]) =>
    ls.join(" ").split(/\s+/).filter(Boolean).sort().join(" ");
  if (lost.length > 0 && words(lost) === words(added)) return { lost: [], added: [] };
  return { lost: lost.sort(), added: added.sort() };
}
