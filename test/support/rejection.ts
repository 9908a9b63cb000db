// Awaiting a promise that must fail: the error it fails with, checked to be of the class the test expects.
import * as assert from "assert";

/** Resolves to the error `promise` rejects with; fails the test if it resolves instead. */
export async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail("the operation should fail"),
    (e: unknown) => e,
  );
}

/** Narrows an error to `type`, failing the test (with what was thrown) when it is something else. */
export function asInstance<E>(e: unknown, type: abstract new (...args: never[]) => E): E {
  assert.ok(e instanceof type, `expected a ${type.name}, got ${String(e)}`);
  return e;
}

/** The error of class `type` that `promise` rejects with. */
export async function rejection<E>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  return asInstance(await rejected(promise), type);
}
