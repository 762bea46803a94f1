/** Why a secret could not be sealed or opened. */
export type SecretCipherFailure =
  /** A configured key is not 32 bytes of base64/base64url, or its id is empty or repeated. */
  | 'invalid-key'
  /** The sealed secret names a key id that is neither the current key nor a previous one. */
  | 'unknown-key'
  /** The ciphertext was altered, truncated, relabelled to another key id or is not base64url. */
  | 'altered';

/**
 * A secret cipher that cannot work: a bad key at start-up, or a sealed secret it cannot open. The
 * message names the key id and the problem, never key material or plaintext.
 *
 * @example
 * new AesGcmSecretCipher({ current: { id: '2026-01', key: 'c2hvcnQ' } });
 * // SecretCipherError: secret cipher key "2026-01" must be 32 bytes of base64 or base64url (AES-256); it is 7 characters long. …
 */
export class SecretCipherError extends Error {
  constructor(
    readonly failure: SecretCipherFailure,
    readonly keyId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SecretCipherError';
  }
}
