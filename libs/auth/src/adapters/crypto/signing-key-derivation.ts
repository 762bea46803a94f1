import { hkdfSync, type KeyObject } from 'node:crypto';

/**
 * A 32-byte key for one purpose, derived from the access-token signing key with HKDF: instances
 * sharing a signing key agree on it without another secret to configure, and each `purpose` gets
 * an unrelated key that reveals nothing of the signing key. Rotating the signing key changes it.
 */
export function deriveFromSigningKey(signingPrivateKey: KeyObject, purpose: string): Buffer {
  if (signingPrivateKey.type !== 'private') throw new Error('A key can only be derived from a private signing key');
  const der = signingPrivateKey.export({ type: 'pkcs8', format: 'der' });
  return Buffer.from(hkdfSync('sha256', der, new Uint8Array(0), `stepgate ${purpose}`, 32));
}
