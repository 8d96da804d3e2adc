/**
 * What a round trip through the printer and the parser must preserve, for the property tests:
 *
 * - `withoutLayout(node)`: the tree with everything the printer may legitimately change removed:
 *   parentheses (`paren` nodes: the printer adds them where precedence needs them), comments and
 *   end comments (the format moves them), blank lines, and the non-strict layout hints
 *   (`multiline`, `bodyOnNewLine`). Everything else (node kinds, names, operators, literal values,
 *   the raw text of strings and paths, attribute paths, formals, `rec`, `@` position) must survive.
 * - `commentTexts(node)`: the texts of all comments, sorted, so a test can check that the printer
 *   moved comments but never dropped, duplicated or altered one.
 *
 * @module
 */

const layoutKeys = new Set([
  "comments",
  "endComments",
  "thenComments",
  "elseComments",
  "multiline",
  "bodyOnNewLine",
]);

/** The tree without parentheses, comments, blank lines and layout hints (a plain JSON-able value). */
export function withoutLayout(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLayout);
  if (node === null || typeof node !== "object") return node;
  const record = node as Record<string, unknown>;
  if (record["type"] === "paren") return withoutLayout(record["expr"]);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (layoutKeys.has(key) || value === undefined) continue;
    out[key] = withoutLayout(value);
  }
  return out;
}

/** Every comment in the tree as normalised text (`#` and `/* *\/` alike, trimmed lines), sorted. */
export function commentTexts(node: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    // A comment without text is nothing: the format drops it.
    const push = (text: string) => {
      if (text !== "") out.push(text);
    };
    if (record["type"] === "lineComment") push(String(record["text"]).trim());
    else if (record["type"] === "blockComment") {
      const body = (record["lines"] as string[])
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .join("\n");
      if (body !== "") push(`${record["doc"] ? "doc:" : ""}${body}`);
    }
    const comments = record["comments"] as { trailing?: string } | undefined;
    if (comments?.trailing !== undefined) push(comments.trailing.trim());
    for (const key of Object.keys(record)) visit(record[key]);
  };
  visit(node);
  return out.sort();
}
