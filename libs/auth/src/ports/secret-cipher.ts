import type { SealedSecret } from './totp-enrollment-repository';

/**
 * Encrypts secrets at rest (TOTP secrets) under the current key and opens what older keys sealed,
 * so keys can be rotated without re-enrolling every user.
 */
export abstract class SecretCipher {
  /** The id of the key `seal` uses now. */
  abstract readonly currentKeyId: string;
  abstract seal(plaintext: string): SealedSecret;
  /** Throws when the key is unknown or the ciphertext was altered. */
  abstract open(sealed: SealedSecret): string;
}
