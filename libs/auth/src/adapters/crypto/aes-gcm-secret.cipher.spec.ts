// Property: a TOTP secret read from a database dump is useless without the key, and sealing it
// twice gives unrelated ciphertexts, so equal secrets (or a secret re-sealed after rotation) cannot
// be spotted by comparing rows.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretCipher } from './aes-gcm-secret.cipher';

const key = randomBytes(32);
const cipher = new AesGcmSecretCipher({ current: { id: 'k1', key } });
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('AesGcmSecretCipher', () => {
  it.each([
    ['a base32 TOTP secret', secret],
    ['an empty text', ''],
    ['non-ASCII text', 'clé secrète ✓ 秘密'],
    ['a long text', 'x'.repeat(10_000)],
  ])('opens what it sealed: %s', (_, plaintext) => {
    const sealed = cipher.seal(plaintext);
    expect(sealed.keyId).toBe('k1');
    expect(cipher.open(sealed)).toBe(plaintext);
  });

  it('stores base64url of a 12-byte IV, the ciphertext and a 16-byte tag, and never the plaintext', () => {
    const sealed = cipher.seal(secret);
    expect(sealed.ciphertext).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed.ciphertext, 'base64url').length).toBe(12 + secret.length + 16);
    expect(Buffer.from(sealed.ciphertext, 'base64url').includes(Buffer.from(secret))).toBe(false);
  });

  it('gives a different ciphertext, with a different IV, each time one text is sealed', () => {
    const seals = Array.from({ length: 100 }, () => cipher.seal(secret).ciphertext);
    expect(new Set(seals).size).toBe(100);
    expect(new Set(seals.map((sealed) => Buffer.from(sealed, 'base64url').subarray(0, 12).toString('hex'))).size).toBe(100);
  });

  it('cannot be opened by a cipher holding another key under the same id', () => {
    const other = new AesGcmSecretCipher({ current: { id: 'k1', key: randomBytes(32) } });
    expect(() => other.open(cipher.seal(secret))).toThrow(expect.objectContaining({ name: 'SecretCipherError', failure: 'altered' }));
  });

  it('shows no key material when logged', () => {
    const printed = inspect(cipher, { depth: 10, showHidden: true });
    expect(printed).not.toContain(key.toString('hex'));
    expect(printed).not.toContain(key.toString('base64'));
    expect(printed).not.toMatch(/<Buffer/);
  });

  it('keeps its own copy of a Buffer key, so a caller zeroing theirs cannot break or weaken it', () => {
    const callerKey = Buffer.from(key);
    const own = new AesGcmSecretCipher({ current: { id: 'k1', key: callerKey } });
    const sealed = own.seal(secret);
    callerKey.fill(0);
    expect(own.open(sealed)).toBe(secret);
    expect(cipher.open(own.seal(secret))).toBe(secret);
  });
});
