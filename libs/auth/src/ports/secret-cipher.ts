import type { SealedSecret } from './totp-enrollment-repository';

/**
 * Encrypts secrets at rest (TOTP secrets) under the current key and opens what older keys sealed,
 * so keys can be rotated without re-enrolling every user.
 */
export abstract class SecretCipher {
  /** The id of the key `seal` uses now. */
  abstract readonly currentKeyId: string;
  /** Seals `plaintext` for `context` (whose secret it is, e.g. `totp:<userId>`): it opens for that context only. */
  abstract seal(plaintext: string, context: string): SealedSecret;
  /** Throws when the key is unknown, the ciphertext was altered, or it was sealed for another context. */
  abstract open(sealed: SealedSecret, context: string): string;
}
