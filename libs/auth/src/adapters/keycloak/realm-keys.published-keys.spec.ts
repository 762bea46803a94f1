// Threat: a JWKS entry that is not a signing key doing the work of one. An encryption key, an HMAC
// (`oct`) key, a short RSA key or two keys under one kid must never verify a signature, and a key
// serves only the algorithms its type and its `alg` allow, so an RSA key cannot check an ES256 claim.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fakeRealmKey, FakeKeycloakRealm, fakeRealmPerTest } from '../../../../../test/support/fake-keycloak-realm';
import { RealmKeys } from './realm-keys';

const NOW = new Date('2026-12-01T08:00:00Z');

let fake: FakeKeycloakRealm;
let keys: RealmKeys;

fakeRealmPerTest((started) => {
  fake = started;
  keys = new RealmKeys(fake.realm());
});

describe('RealmKeys: which published keys verify signatures', () => {
  it('keeps an RSA signing key for the algorithm its JWK names', async () => {
    const key = await keys.keyFor(fake.signingKey.kid, NOW);
    expect(key).toMatchObject({ algorithms: ['RS256'], signatureLength: 256 });
    expect(key?.publicKey.type).toBe('public');
  });

  it('lets an RSA key without `alg` or `use` serve RS256 and PS256', async () => {
    const { alg: _alg, use: _use, ...bare } = fake.signingKey.jwk;
    fake.published = [];
    fake.extraJwks = [bare];
    await expect(keys.keyFor(bare.kid, NOW)).resolves.toMatchObject({ algorithms: ['RS256', 'PS256'] });
  });

  it('keeps a P-256 key for ES256 only', async () => {
    const ec = fakeRealmKey('ES256');
    fake.published = [ec];
    await expect(keys.keyFor(ec.kid, NOW)).resolves.toMatchObject({ algorithms: ['ES256'], signatureLength: 64 });
  });

  it('ignores encryption keys (use enc), even when their type could verify', async () => {
    const enc = fakeRealmKey('RS256', 'enc-key');
    fake.extraJwks = [{ ...enc.jwk, use: 'enc', alg: 'RSA-OAEP' }, { ...enc.jwk, kid: 'enc-by-alg', use: undefined, alg: 'RSA-OAEP' }];
    await expect(keys.keyFor('enc-key', NOW)).resolves.toBeUndefined();
    await expect(keys.keyFor('enc-by-alg', NOW)).resolves.toBeUndefined();
    await expect(keys.keyFor(fake.signingKey.kid, NOW)).resolves.toBeDefined();
  });

  it('ignores a key whose key_ops do not include verify', async () => {
    fake.extraJwks = [{ ...fakeRealmKey('RS256', 'wrap-only').jwk, key_ops: ['wrapKey'] }];
    await expect(keys.keyFor('wrap-only', NOW)).resolves.toBeUndefined();
  });

  it('ignores an HMAC (oct) key, so the JWKS cannot hand out a shared secret', async () => {
    fake.extraJwks = [{ kty: 'oct', kid: 'hmac', k: Buffer.from('secret').toString('base64url'), alg: 'HS256', use: 'sig' }];
    await expect(keys.keyFor('hmac', NOW)).resolves.toBeUndefined();
  });

  it('ignores an RSA key shorter than 2048 bits', async () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    fake.extraJwks = [{ ...short, kid: 'short', alg: 'RS256', use: 'sig' }];
    await expect(keys.keyFor('short', NOW)).resolves.toBeUndefined();
  });

  it('ignores a key of a curve other than P-256, and one whose alg its type cannot serve', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    fake.extraJwks = [{ ...p384, kid: 'p384', use: 'sig' }, { ...fakeRealmKey('RS256').jwk, kid: 'rsa-as-es', alg: 'ES256' }];
    await expect(keys.keyFor('p384', NOW)).resolves.toBeUndefined();
    await expect(keys.keyFor('rsa-as-es', NOW)).resolves.toBeUndefined();
  });

  it('drops a kid two keys are published under, rather than pick one by order', async () => {
    const twice = fake.signingKey.kid;
    const other = fake.rotate(true);
    fake.extraJwks = [{ ...fakeRealmKey('RS256').jwk, kid: twice }];
    await expect(keys.keyFor(twice, NOW)).resolves.toBeUndefined();
    await expect(keys.keyFor(other.kid, NOW)).resolves.toMatchObject({ kid: other.kid });
  });

  it('reads only the public members of a JWK that also carries the private ones', async () => {
    const key = fakeRealmKey('RS256', 'leaky');
    fake.extraJwks = [{ ...key.privateKey.export({ format: 'jwk' }), kid: 'leaky', alg: 'RS256', use: 'sig' }];
    await expect(keys.keyFor('leaky', NOW).then((found) => found?.publicKey.type)).resolves.toBe('public');
  });
});
