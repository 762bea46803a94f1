import { type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

const MIN_KEY_BYTES = 32;
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * How one-time codes are stored: a keyed HMAC-SHA256, never the code. A 6-digit code has only a
 * million values, so a plain hash in a leaked table is reversed in a second; without the server
 * key it cannot be. The scope (a challenge binding, `recovery:<userId>`) makes one code digest
 * differently in every place, so a digest copied from one row matches in no other.
 *
 * @example
 * const digests = new OtpCodeDigest(Buffer.from(process.env.OTP_DIGEST_KEY!, 'base64'));
 * const stored = digests.digest('flow:0b6c…', '042917');
 * digests.matches(stored, digests.digest('flow:0b6c…', submitted));
 */
export class OtpCodeDigest {
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
      throw new RangeError(`The one-time code digest key must be at least ${MIN_KEY_BYTES} random bytes (HMAC-SHA256 keys shorter than the hash weaken it).`);
    }
    // A copy held as a KeyObject: the caller may zero its Buffer, and logging this object shows no key.
    this.key = createSecretKey(Buffer.from(key));
  }

  /** Lowercase hex HMAC-SHA256 of `scope`, a NUL and `code`. */
  digest(scope: string, code: string): string {
    // With NUL only as the separator, ("a", "b\0c") and ("a\0b", "c") cannot share a digest.
    if (scope.includes('\u0000')) throw new RangeError('A one-time code scope cannot contain NUL.');
    return createHmac('sha256', this.key).update(`${scope}\u0000${code}`, 'utf8').digest('hex');
  }

  /**
   * Whether two digests are equal, in time that does not depend on where they differ. Anything
   * that is not a digest of this class (wrong length, uppercase, empty) matches nothing.
   */
  matches(a: string, b: string): boolean {
    if (typeof a !== 'string' || typeof b !== 'string' || !DIGEST.test(a) || !DIGEST.test(b)) return false;
    return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
  }
}
