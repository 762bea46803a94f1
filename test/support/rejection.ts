import { expect } from 'vitest';

/**
 * What `promise` rejected with, after checking it is a `type`: a promise that resolves, or rejects
 * with anything else, fails the test here rather than as a confusing read of its fields later.
 *
 * @example
 * const error = await rejectionOf(codec.open(token), TokenInvalidError);
 * expect(error.code).toBe('TOKEN_INVALID');
 */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}
