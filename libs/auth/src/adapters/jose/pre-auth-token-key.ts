import { createPrivateKey, hkdfSync, JsonWebKey, KeyObject } from 'node:crypto';

const INFO = 'stepgate pre-auth token v1';

/**
 * Derives the 32-byte `pre_auth_token` encryption key from the access-token signing key, so every
 * instance sharing a signing key opens the others' tokens without another secret to configure.
 * HKDF with its own `info` keeps the two uses apart: the derived key reveals nothing of the
 * signing key, and rotating the signing key rotates this one (ending pending sign-ins with it).
 *
 * @param signingPrivateKey PEM (PKCS#8 or SEC1), a private JWK, or a private `KeyObject`
 * @example
 * new JosePreAuthTokenCodec(derivePreAuthTokenKey(process.env.SIGNING_KEY_PEM!))
 */
export function derivePreAuthTokenKey(signingPrivateKey: string | object): Uint8Array {
  const der = privateKeyOf(signingPrivateKey).export({ type: 'pkcs8', format: 'der' });
  return new Uint8Array(hkdfSync('sha256', der, new Uint8Array(0), INFO, 32));
}

function privateKeyOf(input: string | object): KeyObject {
  if (input instanceof KeyObject) {
    // A public key is known to every verifier; a key derived from it would be no secret.
    if (input.type !== 'private') throw new Error('The pre-auth token key must be derived from a private key');
    return input;
  }
  return typeof input === 'string' ? createPrivateKey(input) : createPrivateKey({ key: input as JsonWebKey, format: 'jwk' });
}
