/**
 * The error shape shared by every layer: where in the input the problem is, what is wrong, and how to
 * fix it. Validators accumulate `Issue`s (fp-ts validation) and throw or return them together.
 *
 * @module
 */

/** One problem found in user input. */
export interface Issue {
  /** Path into the input, e.g. `kubelet.imageMaximumGCAge` or `$.users[0].name`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it, when there is something to suggest. */
  readonly hint?: string;
}

/** Renders one issue as `path: message (hint)`. */
export function formatIssue(issue: Issue): string {
  const where = issue.path === "" ? "" : `${issue.path}: `;
  return `${where}${issue.message}${issue.hint ? ` (${issue.hint})` : ""}`;
}

/** An error carrying one or more issues; its message lists all of them. */
export class NixEmitError extends Error {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[] | Issue) {
    const list = Array.isArray(issues) ? (issues as readonly Issue[]) : [issues as Issue];
    super(
      list.length === 1 ? formatIssue(list[0]!) : list.map((i) => `- ${formatIssue(i)}`).join("\n"),
    );
    this.name = "NixEmitError";
    this.issues = list;
  }
}
