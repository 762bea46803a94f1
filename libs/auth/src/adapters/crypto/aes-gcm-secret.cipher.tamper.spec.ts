// Threat: someone who can write to the database but does not hold the key alters a sealed secret
// (to plant a TOTP secret they know, or to probe the cipher) or relabels it with another key id.
// GCM's tag and the key id bound as associated data make every such change fail to open, with a
// typed error rather than garbage plaintext.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../../ports/totp-enrollment-repository';
import { AesGcmSecretCipher } from './aes-gcm-secret.cipher';
import { SecretCipherError } from './secret-cipher.error';

const sharedKey = randomBytes(32);
const cipher = new AesGcmSecretCipher({ current: { id: 'k2', key: randomBytes(32) }, previous: [{ id: 'k1', key: sharedKey }, { id: 'k1-copy', key: sharedKey }] });
// One whose text uses '-' or '_', so its standard base64 form differs from it.
const sealed = sealWithUrlSafeCharacters();
function sealWithUrlSafeCharacters(): SealedSecret {
  for (;;) {
    const candidate = cipher.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    if (/[-_]/.test(candidate.ciphertext)) return candidate;
  }
}
const bytes = Buffer.from(sealed.ciphertext, 'base64url');

function failureOf(candidate: SealedSecret): string {
  try {
    cipher.open(candidate);
  } catch (error) {
    expect(error).toBeInstanceOf(SecretCipherError);
    return (error as SecretCipherError).failure;
  }
  throw new Error('the altered secret opened');
}

const withBytes = (altered: Buffer): SealedSecret => ({ keyId: sealed.keyId, ciphertext: altered.toString('base64url') });

describe('altered sealed secrets', () => {
  it('opens the untouched secret, so each refusal below is caused by its one change', () => {
    expect(cipher.open(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('refuses the secret with any single byte flipped: IV, ciphertext or tag', () => {
    for (let index = 0; index < bytes.length; index++) {
      for (const mask of [0x01, 0x80]) {
        const altered = Buffer.from(bytes);
        altered[index]! ^= mask;
        expect(failureOf(withBytes(altered))).toBe('altered');
      }
    }
  });

  it.each([
    ['the tag cut to 12 bytes', bytes.subarray(0, bytes.length - 4)],
    ['the tag removed', bytes.subarray(0, bytes.length - 16)],
    ['a byte appended', Buffer.concat([bytes, Buffer.from([0])])],
    ['only the IV left', bytes.subarray(0, 12)],
    ['nothing left', Buffer.alloc(0)],
  ])('refuses the secret with %s', (_, altered) => {
    expect(failureOf(withBytes(altered))).toBe('altered');
  });

  it.each([
    ['characters outside base64url inserted', `${sealed.ciphertext.slice(0, 10)}!*${sealed.ciphertext.slice(10)}`],
    ['padding added', `${sealed.ciphertext}==`],
    ['standard base64 instead of base64url', bytes.toString('base64')],
  ])('refuses text Node would still decode to the same bytes: %s', (_, ciphertext) => {
    expect(failureOf({ keyId: sealed.keyId, ciphertext })).toBe('altered');
  });

  it('refuses a secret relabelled to another configured key id, even one holding the same key', () => {
    const underK1 = new AesGcmSecretCipher({ current: { id: 'k1', key: sharedKey } }).seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(cipher.open(underK1)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(failureOf({ keyId: 'k1-copy', ciphertext: underK1.ciphertext })).toBe('altered');
    expect(failureOf({ keyId: 'k2', ciphertext: underK1.ciphertext })).toBe('altered');
  });

  it('refuses a secret labelled with a key id it does not hold, naming the id', () => {
    expect(failureOf({ keyId: 'k0', ciphertext: sealed.ciphertext })).toBe('unknown-key');
    expect(() => cipher.open({ keyId: 'k0', ciphertext: sealed.ciphertext })).toThrow(/"k0"/);
  });
});

// Threat: someone who can write to the database copies another user's sealed TOTP secret onto
// their own row, and then signs in as themselves with codes from that user's authenticator app, or
// the other way round. The owner is authenticated with the ciphertext, so a moved secret is dead.
describe('a sealed secret is bound to whose it is', () => {
  const cipher = new AesGcmSecretCipher({ current: { id: 'k1', key: randomBytes(32) } });

  it('opens for the context it was sealed for', () => {
    expect(cipher.open(cipher.seal('JBSWY3DPEHPK3PXP', 'totp:user-a'), 'totp:user-a')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses to open for another context', () => {
    const sealed = cipher.seal('JBSWY3DPEHPK3PXP', 'totp:user-a');
    expect(() => cipher.open(sealed, 'totp:user-b')).toThrow(SecretCipherError);
    expect(() => cipher.open(sealed, '')).toThrow(SecretCipherError);
  });
});
