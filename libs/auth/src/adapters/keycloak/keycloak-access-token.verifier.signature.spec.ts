// Threat: a forged realm token. Everything up to the signature check runs on attacker input: the
// algorithm is pinned (no `none`, no HMAC keyed with the realm's public key, no scheme the key was
// not published for), the key comes only from the realm's JWKS by `kid`, and the signature must be
// the realm's over exactly these bytes, in its one canonical spelling.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { b64, fakeRealmKey, FakeKeycloakRealm, signJws } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { TokenInvalidError } from '../../domain/auth-error';
import { KeycloakAccessTokenVerifier } from './keycloak-access-token.verifier';

const NOW = new Date('2026-12-01T08:00:00Z');

let fake: FakeKeycloakRealm;
let verifier: KeycloakAccessTokenVerifier;

beforeAll(async () => {
  fake = await FakeKeycloakRealm.start();
});
afterAll(() => fake.close());
beforeEach(() => {
  verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm() });
});

const header = (extra: Record<string, unknown> = {}) => ({ alg: 'RS256', typ: 'JWT', kid: fake.signingKey.kid, ...extra });

async function refused(token: string, message?: string): Promise<void> {
  const error = await rejectionOf(verifier.verify(token, NOW), TokenInvalidError);
  expect(error.code).toBe('TOKEN_INVALID');
  if (message) expect(error.message).toBe(message);
}

/** A JWS whose signature is an HMAC keyed with `secret`. */
function hmacSigned(alg: 'HS256' | 'HS512', secret: string | Buffer): string {
  const input = `${b64(header({ alg }))}.${b64(fake.accessClaims(NOW))}`;
  return `${input}.${createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret).update(input).digest('base64url')}`;
}

describe('KeycloakAccessTokenVerifier: the signature', () => {
  it('control: accepts an access token the realm signed', async () => {
    await expect(verifier.verify(fake.accessToken(NOW), NOW)).resolves.toMatchObject({ source: 'keycloak', identity: { username: 'alice' } });
  });

  it('refuses a token signed with HS256 using the realm public key as the secret (key confusion)', async () => {
    const pem = fake.signingKey.publicKey.export({ type: 'spki', format: 'pem' });
    const fetched = fake.requests.certs;
    await refused(hmacSigned('HS256', pem), 'The token is not signed with an accepted algorithm.');
    await refused(hmacSigned('HS256', JSON.stringify(fake.signingKey.jwk)));
    await refused(hmacSigned('HS512', pem));
    // Refused before any key was looked up: forged headers cost the realm nothing.
    expect(fake.requests.certs).toBe(fetched);
  });

  it.each(['none', 'None', 'NONE'])('refuses alg %s', async (alg) => {
    await refused(`${b64(header({ alg }))}.${b64(fake.accessClaims(NOW))}.`, 'The token is not signed with an accepted algorithm.');
  });

  it('refuses PS256 when only RS256 is pinned, though the realm key made the signature', async () => {
    const key = { ...fake.signingKey, alg: 'PS256' as const };
    await refused(signJws(header({ alg: 'PS256' }), fake.accessClaims(NOW), key), 'The token is not signed with an accepted algorithm.');
  });

  it('refuses an algorithm the key was not published for, even when it is pinned', async () => {
    const both = new KeycloakAccessTokenVerifier({ realm: fake.realm(), algorithms: ['RS256', 'PS256'] });
    const key = { ...fake.signingKey, alg: 'PS256' as const };
    const error = await rejectionOf(both.verify(signJws(header({ alg: 'PS256' }), fake.accessClaims(NOW), key), NOW), TokenInvalidError);
    expect(error.message).toBe('The token was not signed by a key of the realm.');
  });

  it('refuses ES256 claimed under the realm RSA key', async () => {
    const both = new KeycloakAccessTokenVerifier({ realm: fake.realm(), algorithms: ['RS256', 'ES256'] });
    const ec = fakeRealmKey('ES256', fake.signingKey.kid);
    await rejectionOf(both.verify(signJws(header({ alg: 'ES256' }), fake.accessClaims(NOW), ec), NOW), TokenInvalidError);
  });

  it('refuses a tampered payload', async () => {
    const [head, , signature] = fake.accessToken(NOW).split('.');
    const claims = { ...fake.accessClaims(NOW), groups: ['admin'] };
    await refused(`${head}.${b64(claims)}.${signature}`, 'The token is invalid.');
  });

  it('refuses a token signed by another key under the realm kid', async () => {
    const impostor = fakeRealmKey('RS256', fake.signingKey.kid);
    await refused(fake.accessToken(NOW, {}, impostor), 'The token is invalid.');
  });

  it('refuses a kid the realm does not publish', async () => {
    await refused(fake.accessToken(NOW, {}, fakeRealmKey('RS256')), 'The token was not signed by a key of the realm.');
  });

  it('refuses a header without a kid, or with a kid that is not a string', async () => {
    const claims = fake.accessClaims(NOW);
    await refused(signJws({ alg: 'RS256', typ: 'JWT' }, claims, fake.signingKey), 'The token names no key.');
    await refused(signJws(header({ kid: ['a'] }), claims, fake.signingKey), 'The token names no key.');
  });

  it('refuses a header naming critical extensions', async () => {
    await refused(signJws(header({ crit: ['exp'], exp: 1 }), fake.accessClaims(NOW), fake.signingKey), 'The token names critical extensions this server does not understand.');
  });

  it('refuses a second spelling of a valid signature (non-canonical base64url)', async () => {
    const token = fake.accessToken(NOW);
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 256 bytes end in a character whose low four bits are padding, which decoders ignore.
    const twin = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
    expect(Buffer.from(twin.split('.')[2], 'base64url')).toEqual(Buffer.from(token.split('.')[2], 'base64url'));
    await refused(twin, 'The token signature is not in canonical form.');
  });

  it.each([
    ['a header that is not JSON', (token: string) => `e30x${token.slice(token.indexOf('.'))}`],
    ['a fourth segment', (token: string) => `${token}.x`],
    ['no signature', (token: string) => token.slice(0, token.lastIndexOf('.') + 1)],
    ['a header longer than 1024 characters', () => signJws(header({ pad: 'x'.repeat(800) }), fake.accessClaims(NOW), fake.signingKey)],
  ])('refuses a token with %s', async (_, malformed) => {
    await refused(malformed(fake.accessToken(NOW)));
  });
});
