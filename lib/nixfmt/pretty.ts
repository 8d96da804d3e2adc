/**
 * nixfmt's printing rules (`Pretty.hs`) on the token-level tree: the official formatter's layout,
 * comment moves included, as a document for the layout engine (`doc.ts`, `layout.ts` beside it,
 * ports of nixfmt's `Predoc`). The rules live in `format/`, one file per construct family as in
 * nixfmt-rs' `src/format/`, with nixfmt's function names: `base.ts` (trivia, tokens, items),
 * `term.ts` (terms, lists, sets, bindings), `params.ts`, `app.ts` (`prettyApp`), `op.ts`
 * (`prettyOp`), `absorb.ts` (`isAbsorbable`, `absorbRHS`), `stmt.ts` (`prettyExpr`: `with`,
 * `let`, `assert`, `if`, functions) and `string.ts`. This file is their entry: a whole file laid
 * out.
 *
 * @module
 */
import { type DocOwner, layoutTaking } from "./layout.js";
import type { Expression, Whole } from "./tree.js";
import { mapFirstToken } from "./tree.js";
import { prettyWhole } from "./format/stmt.js";

export { prettyWhole };

/** Lays out a token-level tree (leading blank lines of the file dropped, as nixfmt does). */
export function layoutWhole(w: Whole<Expression>, width: number, indent: number): string {
  return layoutWholeTaking({ tree: w }, width, indent);
}

/** A tree handed over to the layout, which lets it go once its document is made. */
export interface TreeOwner {
  tree: Whole<Expression> | null;
  /** Known to hold no `nixfmt:disable` region (the source has none): saves a walk looking. */
  readonly noDisabledRegions?: boolean;
}

/**
 * `layoutWhole` of the tree in `owner`, which it empties. Each stage (tree, document, resolved and
 * fixed documents) is released once the next is made; the stages run in functions of their own so
 * that no caller's frame keeps one alive.
 */
export function layoutWholeTaking(owner: TreeOwner, width: number, indent: number): string {
  const docOwner: DocOwner = { doc: null, noDisabledRegions: owner.noDisabledRegions === true };
  documentInto(docOwner, owner);
  return layoutTaking(docOwner, width, indent);
}

function documentInto(docOwner: DocOwner, owner: TreeOwner): void {
  const w = owner.tree!;
  owner.tree = null;
  const value = mapFirstToken(w.value, (a) => {
    let i = 0;
    while (a.pre[i]?.k === "emptyLine") i++;
    return i === 0 ? a : { ...a, pre: a.pre.slice(i) };
  });
  docOwner.doc = prettyWhole({ value, trivia: w.trivia });
}
