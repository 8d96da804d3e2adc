/** Identifier rules of Nix for the printer: one source of truth in `lib/ast/escape.ts`. */
import { escapeDoubleQuoted } from "../ast/escape.js";

export { isIdentifier, isKeyword } from "../ast/escape.js";

/** `"name"` with `\`, `"`, `${` and control characters escaped. */
export function quoteAttrName(name: string): string {
  return `"${escapeDoubleQuoted(name)}"`;
}
