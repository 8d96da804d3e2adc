/** Identifier rules of Nix, for attribute names and variables. */

const KEYWORDS = new Set([
  "if",
  "then",
  "else",
  "assert",
  "with",
  "let",
  "in",
  "rec",
  "inherit",
  "or",
]);

/** Whether `name` can be written unquoted: `[a-zA-Z_][a-zA-Z0-9_'-]*` and not a keyword. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !KEYWORDS.has(name);
}

export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

/** `"name"` with `\`, `"`, `${` and control characters escaped. */
export function quoteAttrName(name: string): string {
  return (
    '"' +
    name.replace(/[\\"\n\r\t]|\$\{/g, (m) => {
      switch (m) {
        case "\n":
          return "\\n";
        case "\r":
          return "\\r";
        case "\t":
          return "\\t";
        default:
          return "\\" + m;
      }
    }) +
    '"'
  );
}
