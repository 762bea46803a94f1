// Threat: a genuine token of the realm used where it was not meant to be. Keycloak signs every token
// of a realm (ID, refresh, logout; those of other clients) with the same keys, and another realm of
// the same server may share a key, so the signature alone proves little: the issuer, the client,
// Keycloak's own `typ` and the token's times decide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeKeycloakRealm } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { KeycloakAccessTokenVerifier, type KeycloakAccessTokenVerifierOptions } from './keycloak-access-token.verifier';

const NOW = new Date('2026-12-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

let fake: FakeKeycloakRealm;
let verifier: KeycloakAccessTokenVerifier;

beforeAll(async () => {
  fake = await FakeKeycloakRealm.start('staff');
  verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm() });
});
afterAll(() => fake.close());

const tokenWith = (claims: Record<string, unknown>) => fake.accessToken(NOW, claims);
const verifierWith = (options: Partial<KeycloakAccessTokenVerifierOptions>) => new KeycloakAccessTokenVerifier({ realm: fake.realm(), ...options });

async function refused(token: string, message: string, now = NOW, by = verifier): Promise<void> {
  expect((await rejectionOf(by.verify(token, now), TokenInvalidError)).message).toBe(message);
}

describe('KeycloakAccessTokenVerifier: who issued the token, and for whom', () => {
  it('answers for the realm issuer', () => {
    expect(verifier.issuer).toBe(`${fake.url}/realms/staff`);
  });

  it('refuses a token of another realm', async () => {
    await refused(tokenWith({ iss: `${fake.url}/realms/other` }), 'The token was issued by another issuer.');
    await refused(tokenWith({ iss: `${fake.url}/realms/staff/` }), 'The token was issued by another issuer.');
    await refused(tokenWith({ iss: undefined }), 'The token was issued by another issuer.');
  });

  it('refuses a token for another client (aud and azp)', async () => {
    await refused(tokenWith({ aud: ['account'], azp: 'other-client' }), 'The token is meant for another client.');
    await refused(tokenWith({ aud: undefined, azp: undefined }), 'The token is meant for another client.');
  });

  it('accepts the client named by aud alone, or by azp alone (a realm without an audience mapper)', async () => {
    await expect(verifier.verify(tokenWith({ aud: 'stepgate-api', azp: 'other-client' }), NOW)).resolves.toBeDefined();
    await expect(verifier.verify(tokenWith({ aud: 'account', azp: 'stepgate-api' }), NOW)).resolves.toBeDefined();
  });

  it('accepts the audiences it is configured with instead of the client', async () => {
    const api = verifierWith({ audience: ['orders-api', 'billing-api'] });
    await expect(api.verify(tokenWith({ aud: ['billing-api'], azp: 'web' }), NOW)).resolves.toBeDefined();
    await refused(tokenWith({}), 'The token is meant for another client.', NOW, api);
  });

  it('refuses an audience or azp of the wrong type rather than ignoring it', async () => {
    await refused(tokenWith({ aud: [42], azp: 'stepgate-api' }), 'The token has a malformed audience.');
    await refused(tokenWith({ aud: { 0: 'stepgate-api' } }), 'The token has a malformed audience.');
    await refused(tokenWith({ aud: 'account', azp: ['stepgate-api'] }), 'The token has a malformed azp.');
  });
});

describe('KeycloakAccessTokenVerifier: what kind of token it is', () => {
  it.each([
    ['an ID token replayed as an access token', 'ID'],
    ['a refresh token replayed as an access token', 'Refresh'],
    ['a logout token replayed as an access token', 'Logout'],
    ['a token that does not say what it is', undefined],
    ['a lower-case bearer', 'bearer'],
  ])('refuses %s', async (_, typ) => {
    await refused(tokenWith({ typ }), 'The token is not an access token.');
  });
});

describe('KeycloakAccessTokenVerifier: when the token is valid', () => {
  it('refuses an expired token, from its exp on', async () => {
    const token = tokenWith({});
    await expect(verifier.verify(token, later(299))).resolves.toMatchObject({ expiresAt: NOW_SECONDS + 300 });
    await rejectionOf(verifier.verify(token, later(300)), TokenExpiredError);
    const error = await rejectionOf(verifier.verify(token, later(3600)), TokenExpiredError);
    expect(error.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token without exp or iat, or with a time that is not a whole number', async () => {
    await refused(tokenWith({ exp: undefined }), 'The token has no expiry.');
    await refused(tokenWith({ iat: undefined }), 'The token has no issue time.');
    await refused(tokenWith({ exp: `${NOW_SECONDS + 300}` }), 'The token has a malformed exp.');
    await refused(tokenWith({ exp: NOW_SECONDS + 300.5 }), 'The token has a malformed exp.');
    await refused(tokenWith({ nbf: null }), 'The token has a malformed nbf.');
  });

  it('refuses a token that is not valid yet (nbf)', async () => {
    await refused(tokenWith({ nbf: NOW_SECONDS + 1 }), 'The token is not valid yet.');
    await expect(verifier.verify(tokenWith({ nbf: NOW_SECONDS }), NOW)).resolves.toBeDefined();
  });

  it('refuses a token issued in the future beyond the clock leeway', async () => {
    await refused(tokenWith({ iat: NOW_SECONDS + 31, exp: NOW_SECONDS + 331 }), 'The token was issued in the future.');
    await expect(verifier.verify(tokenWith({ iat: NOW_SECONDS + 30, exp: NOW_SECONDS + 330 }), NOW)).resolves.toBeDefined();
  });

  it('refuses a token that lives longer than maxLifetimeSeconds', async () => {
    await refused(tokenWith({ exp: NOW_SECONDS + 86_401 }), 'The token lives longer than this server accepts.');
    await expect(verifier.verify(tokenWith({ exp: NOW_SECONDS + 86_400 }), NOW)).resolves.toBeDefined();
    const short = verifierWith({ maxLifetimeSeconds: 300 });
    await refused(tokenWith({ exp: NOW_SECONDS + 301 }), 'The token lives longer than this server accepts.', NOW, short);
  });
});
