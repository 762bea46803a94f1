// Threat: a JWKS that does not match the keys that sign. An API that trusts the module verifies
// against the published set only: a key missing from it (the retired one after a rotation) makes
// its tokens fail there, an entry that is no key breaks JWKS clients, and a private part published
// with it lets anyone sign.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JwtAccessTokenIssuer } from './jwt-access-token.issuer';
import { JwtKeyRing } from './jwt-key-ring';
import { loadSigningKey, loadVerificationKey } from './signing-key';

const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('JwtKeyRing: the published JWKS is exactly the keys it verifies with', () => {
  it('publishes the signing key alone when nothing was rotated', async () => {
    const signing = await loadSigningKey({ privateKey: ecKey(), kid: 'current' });
    const ring = new JwtKeyRing(signing);
    expect(ring.jwks()).toStrictEqual({ keys: [signing.publicJwk] });
    expect(ring.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'current', alg: 'ES256', use: 'sig' });
    expect(ring.jwks().keys[0]).not.toHaveProperty('d');
  });

  it('publishes the signing key first, then every retired key, each without its private part', async () => {
    const signing = await loadSigningKey({ privateKey: ecKey(), kid: 'current' });
    const retiredFromPrivate = await loadVerificationKey({ privateKey: ecKey(), kid: 'old-1' }, 'previousSigningKeys[0]');
    const retiredFromPublic = await loadVerificationKey(
      { publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>, kid: 'old-2', algorithm: 'RS256' },
      'previousSigningKeys[1]',
    );
    const ring = new JwtKeyRing(signing, [retiredFromPrivate, retiredFromPublic]);

    const { keys } = ring.jwks();
    expect(keys).toStrictEqual([signing.publicJwk, retiredFromPrivate.publicJwk, retiredFromPublic.publicJwk]);
    expect(keys.map((key) => [key.kid, key.alg])).toEqual([
      ['current', 'ES256'],
      ['old-1', 'ES256'],
      ['old-2', 'RS256'],
    ]);
    for (const key of keys) for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(privatePart);
  });

  it('is what the issuer serves as its JWKS', async () => {
    const signing = await loadSigningKey({ privateKey: ecKey(), kid: 'current' });
    const retired = await loadVerificationKey({ privateKey: ecKey(), kid: 'old' }, 'previousSigningKeys[0]');
    const ring = new JwtKeyRing(signing, [retired]);
    const issuer = new JwtAccessTokenIssuer({ issuer: 'stepgate', audience: 'stepgate', keys: ring });
    expect(issuer.jwks()).toStrictEqual({ keys: [signing.publicJwk, retired.publicJwk] });
  });
});
