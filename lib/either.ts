/**
 * fp-ts's `Either` constructors and guards, for the formatter's cold path. The values are fp-ts's
 * own (`{ _tag: "Left", left }`, `{ _tag: "Right", right }`), typed with fp-ts's types, so callers
 * use fp-ts on them as on any `Either`. Why not import `fp-ts/lib/Either.js` here: loading it costs
 * about 35 ms (it loads a dozen fp-ts modules), a third of `nix-emit fmt`'s start-up on a small file,
 * for four one-line functions.
 *
 * @module
 */
import type { Either, Left, Right } from "fp-ts/lib/Either.js";

export type { Either } from "fp-ts/lib/Either.js";

/** `E.left`: a failure. */
export function left<E, A = never>(e: E): Either<E, A> {
  return { _tag: "Left", left: e };
}

/** `E.right`: a success. */
export function right<A, E = never>(a: A): Either<E, A> {
  return { _tag: "Right", right: a };
}

/** `E.isLeft`. */
export function isLeft<E, A>(x: Either<E, A>): x is Left<E> {
  return x._tag === "Left";
}

/** `E.isRight`. */
export function isRight<E, A>(x: Either<E, A>): x is Right<A> {
  return x._tag === "Right";
}
