/**
 * The values of `nix-emit edit`'s options: JSON read so that a float stays a float (`1.0` is the
 * Nix float `1.0`, not the integer `1`), integers past 2^53 stay exact (bigints), and a Nix path
 * literal (`./etcd.nix`, `../x`, `/abs`, `~/x`) that is not JSON is a path.
 *
 * @module
 */
import * as E from "fp-ts/lib/Either.js";
import { n } from "../ast/build.js";

/** Reads an option's value; a `Left` says why it is neither JSON nor a Nix path. */
export function readEditValue(text: string): E.Either<string, unknown> {
  if (
    /^(\.\.?|~)?\/[A-Za-z0-9._+\-/]*$/.test(text) &&
    /[A-Za-z0-9._+-]$/.test(text) &&
    !text.includes("//")
  )
    return E.right(
      n.path(
        text.startsWith("/") || text.startsWith("~") || text.startsWith(".") ? text : `./${text}`,
      ),
    );
  try {
    const r = new JsonReader(text);
    const v = r.value();
    r.space();
    if (r.i !== text.length) return E.left(`unexpected ${JSON.stringify(text[r.i])} at ${r.i}`);
    return E.right(v);
  } catch (err) {
    return E.left((err as Error).message);
  }
}

class JsonReader {
  i = 0;
  constructor(private readonly s: string) {}
  space(): void {
    while (this.i < this.s.length && " \t\r\n".includes(this.s[this.i]!)) this.i++;
  }
  private fail(what: string): never {
    throw new Error(`${what} at ${this.i}`);
  }
  value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === "{") {
      this.i++;
      const out: Record<string, unknown> = {};
      this.space();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      for (;;) {
        this.space();
        if (this.s[this.i] !== '"') this.fail("expected a quoted key");
        const key = this.string();
        this.space();
        if (this.s[this.i] !== ":") this.fail('expected ":"');
        this.i++;
        Object.defineProperty(out, key, {
          value: this.value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        this.space();
        if (this.s[this.i] === ",") this.i++;
        else if (this.s[this.i] === "}") {
          this.i++;
          return out;
        } else this.fail('expected "," or "}"');
      }
    }
    if (c === "[") {
      this.i++;
      const out: unknown[] = [];
      this.space();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        this.space();
        if (this.s[this.i] === ",") this.i++;
        else if (this.s[this.i] === "]") {
          this.i++;
          return out;
        } else this.fail('expected "," or "]"');
      }
    }
    if (c === '"') return this.string();
    for (const [word, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const)
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i));
    if (!m || m[0] === "" || m[0] === "-")
      this.fail(c === undefined ? "unexpected end" : `unexpected ${JSON.stringify(c)}`);
    this.i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const big = BigInt(m[0]);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(big)
        : big;
    }
    return n.float(Number(m[0]));
  }
  private string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(
      this.s.slice(this.i),
    );
    if (!m) this.fail("bad string");
    this.i += m[0].length;
    return JSON.parse(m[0]) as string;
  }
}
