/** Where a fix for a missing or unusable signing key is printed. */
export const KEYGEN_HINT = 'Generate one with `npx stepgate-keygen`.';

/**
 * A signing or verification key that cannot be used, found at start-up rather than on the first
 * request. The message names the option and the problem, never the key material.
 *
 * @example
 * AuthModule.forRoot({ signingKey: { privateKey: process.env.SIGNING_KEY_PEM! } })
 * // SigningKeyError: signingKey.privateKey is empty (an unset environment variable?). Generate one with `npx stepgate-keygen`.
 */
export class SigningKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyError';
  }
}
