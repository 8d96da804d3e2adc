/**
 * The printing options and their defaults, defined once for `print`, `formatText`, `nix-emit fmt`
 * and the prettier plugin (a module of its own, so that formatting source does not load the AST
 * printer).
 *
 * @module
 */

/** Default line width of `print`, `formatText`, `nix-emit fmt` and the prettier plugin. */
export const DEFAULT_WIDTH = 100;
/** Default indentation step. */
export const DEFAULT_INDENT = 2;
/**
 * Default of `strict`: false, nixfmt's default mode. Built trees carry no layout hints, so both
 * modes print them alike; parsed trees keep the input's choices where the format allows.
 */
export const DEFAULT_STRICT = false;

/** Deepest expression `print` accepts (the layout recurses about a dozen frames per level). */
export const MAX_PRINT_DEPTH = 500;

/** Options of `print`. */
export interface PrintOptions {
  /** Target line width; default 100. */
  readonly width?: number;
  /** Indentation step; default 2. */
  readonly indent?: number;
  /**
   * nixfmt's `--strict` (default false, as nixfmt): a layout that depends only on the tree. With `false`, the
   * layout hints kept by the parser (sets written over several lines stay expanded, ...) apply.
   */
  readonly strict?: boolean;
}
