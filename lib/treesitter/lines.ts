/**
 * Where lines start in a source text, indexed once: the line of any index by binary search, so
 * that a file on one long line costs no rescans.
 *
 * @module
 */

/** Line starts of a source text. */
export class LineStarts {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1))
      this.starts.push(i + 1);
  }

  /** The 0-based line of `index`. */
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where 0-based line `line` starts. */
  start(line: number): number {
    return this.starts[line]!;
  }

  /** Row and column (both 0-based, the column in string indices) of `index`. */
  point(index: number): { row: number; column: number } {
    const row = this.lineOf(index);
    return { row, column: index - this.starts[row]! };
  }
}
