import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivePreAuthTokenKey } from './pre-auth-token-key';

// Threat: instances that derive different keys from one signing key would refuse each other's
// pre_auth_tokens; one derived from public material would let anyone forge them.
describe('derivePreAuthTokenKey', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

  it('derives the same 32 bytes from every form of one signing key', () => {
    const fromPkcs8 = derivePreAuthTokenKey(pkcs8);

    expect(fromPkcs8).toHaveLength(32);
    expect(derivePreAuthTokenKey(privateKey.export({ type: 'sec1', format: 'pem' }) as string)).toEqual(fromPkcs8);
    expect(derivePreAuthTokenKey(privateKey.export({ format: 'jwk' }))).toEqual(fromPkcs8);
    expect(derivePreAuthTokenKey(privateKey)).toEqual(fromPkcs8);
  });

  it('derives another key from another signing key, and never the key material itself', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const derived = Buffer.from(derivePreAuthTokenKey(pkcs8));

    expect(Buffer.from(derivePreAuthTokenKey(other))).not.toEqual(derived);
    expect(privateKey.export({ type: 'pkcs8', format: 'der' }).includes(derived.subarray(0, 8))).toBe(false);
  });

  it('refuses public keys', () => {
    expect(() => derivePreAuthTokenKey(publicKey)).toThrow(/private key/);
    expect(() => derivePreAuthTokenKey(publicKey.export({ type: 'spki', format: 'pem' }) as string)).toThrow();
    expect(() => derivePreAuthTokenKey(publicKey.export({ format: 'jwk' }))).toThrow();
  });
});
