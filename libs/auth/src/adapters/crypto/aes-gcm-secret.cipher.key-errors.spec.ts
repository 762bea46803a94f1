// Threat: a deployment starting with an encryption key that is too short (AES-128 by accident, a
// truncated environment variable, a passphrase), unset, or mangled. It must fail at construction,
// name the key id so the operator knows which variable to fix, and never print the key itself.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmSecretCipher, type SecretCipherKey } from './aes-gcm-secret.cipher';
import { SecretCipherError } from './secret-cipher.error';

const good = randomBytes(32);

function refusal(key: unknown, where: 'current' | 'previous' = 'current'): SecretCipherError {
  const entry = { id: 'totp-2026', key } as SecretCipherKey;
  try {
    new AesGcmSecretCipher(where === 'current' ? { current: entry } : { current: { id: 'ok', key: good }, previous: [entry] });
  } catch (error) {
    expect(error).toBeInstanceOf(SecretCipherError);
    return error as SecretCipherError;
  }
  throw new Error('the key was accepted');
}

describe('unusable encryption keys fail at construction', () => {
  it.each([
    ['32 bytes as a Buffer', good],
    ['base64 with padding', good.toString('base64')],
    ['base64 without padding', good.toString('base64').replace(/=$/, '')],
    ['base64url', good.toString('base64url')],
  ])('accepts %s', (_, key) => {
    const cipher = new AesGcmSecretCipher({ current: { id: 'k', key } });
    expect(cipher.open(cipher.seal('x'))).toBe('x');
  });

  it('reads base64 and base64url of one key as the same key', () => {
    const sealed = new AesGcmSecretCipher({ current: { id: 'k', key: good.toString('base64') } }).seal('x');
    expect(new AesGcmSecretCipher({ current: { id: 'k', key: good.toString('base64url') } }).open(sealed)).toBe('x');
  });

  it.each([
    ['a 16-byte Buffer (AES-128)', randomBytes(16)],
    ['a 31-byte Buffer', randomBytes(31)],
    ['a 33-byte Buffer', randomBytes(33)],
    ['an empty Buffer', Buffer.alloc(0)],
    ['base64 of 16 bytes', randomBytes(16).toString('base64')],
    ['base64 of 31 bytes', randomBytes(31).toString('base64')],
    ['base64 of 33 bytes', randomBytes(33).toString('base64')],
    ['base64 of 64 bytes', randomBytes(64).toString('base64')],
    ['hex of 32 bytes', good.toString('hex')],
    ['a passphrase', 'correct horse battery staple'],
    ['base64 with a line break', `${good.toString('base64').slice(0, 20)}\n${good.toString('base64').slice(20)}`],
    ['base64 mixing both alphabets', `+_${good.toString('base64url').slice(2)}`],
    ['base64 whose last character carries stray bits', `${good.toString('base64url').slice(0, 42)}${good.toString('base64url').at(42) === 'B' ? 'C' : 'B'}`],
    ['an empty string', ''],
    ['undefined (an unset variable)', undefined],
    ['a number', 42],
  ])('refuses %s, naming the key id and not the key', (_, key) => {
    for (const where of ['current', 'previous'] as const) {
      const error = refusal(key, where);
      expect(error.failure).toBe('invalid-key');
      expect(error.keyId).toBe('totp-2026');
      expect(error.message).toContain('"totp-2026"');
      expect(error.message).toMatch(/32 bytes/);
      if (typeof key === 'string' && key.length > 0) expect(error.message).not.toContain(key);
      if (Buffer.isBuffer(key) && key.length > 0) {
        expect(error.message).not.toContain(key.toString('base64'));
        expect(error.message).not.toContain(key.toString('hex'));
      }
    }
  });

  it('refuses an empty key id', () => {
    expect(() => new AesGcmSecretCipher({ current: { id: '', key: good } })).toThrow(expect.objectContaining({ failure: 'invalid-key' }));
  });
});
