// Property: an encryption key can be rotated without re-enrolling users. Secrets sealed under the
// old key still open once it is listed in `previous`; everything sealed from then on uses the new
// key; and a key removed from the configuration opens nothing any more.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretCipher } from './aes-gcm-secret.cipher';

const oldKey = { id: '2025-12', key: randomBytes(32).toString('base64') };
const newKey = { id: '2026-06', key: randomBytes(32).toString('base64url') };
const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('key rotation', () => {
  const before = new AesGcmSecretCipher({ current: oldKey });
  const after = new AesGcmSecretCipher({ current: newKey, previous: [oldKey] });
  const sealedBefore = before.seal(secret);

  it('opens a secret sealed under the old key once that key is in previous', () => {
    expect(sealedBefore.keyId).toBe('2025-12');
    expect(after.open(sealedBefore)).toBe(secret);
  });

  it('seals new secrets under the current key and reports its id', () => {
    expect(after.currentKeyId).toBe('2026-06');
    const resealed = after.seal(after.open(sealedBefore));
    expect(resealed.keyId).toBe('2026-06');
    expect(after.open(resealed)).toBe(secret);
    expect(() => before.open(resealed)).toThrow(expect.objectContaining({ failure: 'unknown-key', keyId: '2026-06' }));
  });

  it('opens nothing the old key sealed once it is dropped from the configuration', () => {
    const retired = new AesGcmSecretCipher({ current: newKey });
    expect(() => retired.open(sealedBefore)).toThrow(expect.objectContaining({ name: 'SecretCipherError', failure: 'unknown-key', keyId: '2025-12' }));
  });

  it('refuses one id configured twice, which would make rotation ambiguous', () => {
    expect(() => new AesGcmSecretCipher({ current: newKey, previous: [{ id: newKey.id, key: oldKey.key }] })).toThrow(expect.objectContaining({ failure: 'invalid-key', keyId: '2026-06' }));
  });
});
