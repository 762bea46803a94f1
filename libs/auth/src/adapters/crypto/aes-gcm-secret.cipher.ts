import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { SecretCipher } from '../../ports/secret-cipher';
import type { SealedSecret } from '../../ports/totp-enrollment-repository';
import { SecretCipherError } from './secret-cipher.error';

/** One AES-256 key and the id stored beside what it sealed. */
export interface SecretCipherKey {
  readonly id: string;
  /** 32 bytes, or base64 / base64url of 32 bytes. */
  readonly key: string | Buffer;
}

/** The key new secrets are sealed under, and retired keys still needed to open older ones. */
export interface AesGcmSecretCipherOptions {
  readonly current: SecretCipherKey;
  /** Keys rotated out; kept until every secret they sealed was re-sealed under `current`. */
  readonly previous?: readonly SecretCipherKey[];
}

const KEY_BYTES = 32;
// NIST SP 800-38D section 8.2.2: a random IV is safe only at 96 bits, up to 2^32 seals per key.
const IV_BYTES = 12;
const TAG_BYTES = 16;
// The key id is authenticated, so a ciphertext moved to another key id's label fails to open even
// if both labels held the same key; the prefix keeps these tags apart from any other use of a key.
const AAD_PREFIX = 'stepgate/secret-cipher/v1\u0000';
const BASE64_OF_32_BYTES = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43}=?)$/;

/**
 * AES-256-GCM for secrets at rest: a random 96-bit IV per seal, the key id bound as additional
 * authenticated data, stored as base64url(IV ‖ ciphertext ‖ tag).
 *
 * @example
 * const cipher = new AesGcmSecretCipher({
 *   current: { id: '2026-06', key: process.env.TOTP_KEY_2026_06! },
 *   previous: [{ id: '2025-12', key: process.env.TOTP_KEY_2025_12! }],
 * });
 */
export class AesGcmSecretCipher extends SecretCipher {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, KeyObject>();

  constructor(options: AesGcmSecretCipherOptions) {
    super();
    for (const { id, key } of [options.current, ...(options.previous ?? [])]) {
      if (typeof id !== 'string' || id.length === 0) throw new SecretCipherError('invalid-key', String(id), 'secret cipher key ids must be non-empty strings.');
      if (this.keys.has(id)) throw new SecretCipherError('invalid-key', id, `secret cipher key id "${id}" is configured twice; each key needs its own id.`);
      this.keys.set(id, createSecretKey(decodeKey(id, key)));
    }
    this.currentKeyId = options.current.id;
  }

  seal(plaintext: string, context = ''): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(this.currentKeyId, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.currentKeyId, ciphertext: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url') };
  }

  open(sealed: SealedSecret, context = ''): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new SecretCipherError('unknown-key', sealed.keyId, `secret sealed under key "${sealed.keyId}", which is neither the current key nor a previous one.`);
    const bytes = Buffer.from(sealed.ciphertext, 'base64url');
    // Node's decoder skips characters outside the alphabet; only the canonical text is what we wrote.
    if (bytes.length < IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== sealed.ciphertext) throw altered(sealed.keyId);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(sealed.keyId, context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw altered(sealed.keyId, cause);
    }
  }
}

function decodeKey(id: string, key: string | Buffer): Buffer {
  if (Buffer.isBuffer(key)) {
    if (key.length !== KEY_BYTES) throw new SecretCipherError('invalid-key', id, `secret cipher key "${id}" must be ${KEY_BYTES} bytes (AES-256); it has ${key.length}.`);
    return Buffer.from(key);
  }
  if (typeof key !== 'string' || !BASE64_OF_32_BYTES.test(key)) {
    const length = typeof key === 'string' ? `it is ${key.length} characters long` : `it is ${key === undefined ? 'missing (an unset environment variable?)' : typeof key}`;
    throw new SecretCipherError('invalid-key', id, `secret cipher key "${id}" must be ${KEY_BYTES} bytes of base64 or base64url (AES-256); ${length}. Generate one with \`openssl rand -base64 32\`.`);
  }
  const bytes = Buffer.from(key, key.includes('-') || key.includes('_') ? 'base64url' : 'base64');
  // 43 characters carry 258 bits; a last character with the spare bits set is a typo, not a key.
  if (bytes.toString('base64url') !== key.replace(/=$/, '').replaceAll('+', '-').replaceAll('/', '_')) {
    throw new SecretCipherError('invalid-key', id, `secret cipher key "${id}" must be ${KEY_BYTES} bytes of canonical base64 or base64url (AES-256); its last character sets bits past the 32nd byte (a typo?). Generate one with \`openssl rand -base64 32\`.`);
  }
  return bytes;
}

// The context (whose secret it is) is authenticated too: a sealed secret copied onto another
// user's row fails to open there instead of giving them the first user's codes.
function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${AAD_PREFIX}${keyId}\u0000${context}`, 'utf8');
}

function altered(keyId: string, cause?: unknown): SecretCipherError {
  return new SecretCipherError('altered', keyId, `secret sealed under key "${keyId}" failed authentication: it was altered, truncated or relabelled.`, { cause });
}
