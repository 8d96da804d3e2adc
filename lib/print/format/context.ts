/** Options every print function receives. */
export interface Ctx {
  /** nixfmt `--strict`: ignore the layout hints kept from the source. */
  readonly strict: boolean;
}

/** Whether a layout hint applies (only in the default, input-dependent mode). */
export function hint(c: Ctx, value: boolean | undefined): boolean {
  return !c.strict && value === true;
}
