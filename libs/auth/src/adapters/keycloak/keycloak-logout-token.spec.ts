// Threat: a forged or replayed back-channel logout notice. Anyone can POST to the logout URL, so
// only a token the realm signed for this client, fresh, and typed as a logout event may end a
// session; an access or ID token of the realm must not pass for one, nor an old notice replayed.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, FAKE_CLIENT, fakeRealmKey, FakeKeycloakRealm, signJws } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { TokenInvalidError } from '../../domain/auth-error';
import type { KeycloakRealm } from './keycloak-realm';
import { BACKCHANNEL_LOGOUT_EVENT, verifyLogoutToken } from './keycloak-logout-token';
import { RealmKeys } from './realm-keys';

const NOW = new Date('2026-12-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

let fake: FakeKeycloakRealm;
let realm: KeycloakRealm;
let keys: RealmKeys;

beforeAll(async () => {
  fake = await FakeKeycloakRealm.start();
  realm = fake.realm();
  keys = new RealmKeys(realm);
});
afterAll(() => fake.close());

/** A logout token as Keycloak sends one, with `claims` laid over it. */
function logoutToken(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const payload = { iat: NOW_SECONDS, exp: NOW_SECONDS + 60, jti: 'logout-1', iss: fake.issuer, aud: FAKE_CLIENT.id, sub: 'user-alice', typ: 'Logout', sid: 'session-alice', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, ...claims };
  return signJws({ alg: 'RS256', typ: 'JWT', kid: fake.signingKey.kid, ...header }, payload, fake.signingKey);
}

async function refused(token: string, message?: string, now = NOW): Promise<void> {
  const error = await rejectionOf(verifyLogoutToken(keys, realm, token, now), TokenInvalidError);
  if (message) expect(error.message).toBe(message);
}

describe('verifyLogoutToken (OpenID Connect Back-Channel Logout 1.0 section 2.6)', () => {
  it('names the session and the user of a logout token the realm sent', async () => {
    await expect(verifyLogoutToken(keys, realm, logoutToken(), NOW)).resolves.toEqual({ sid: 'session-alice', sub: 'user-alice' });
  });

  it('accepts a token naming only the session, or only the user, and one without typ or exp', async () => {
    await expect(verifyLogoutToken(keys, realm, logoutToken({ sub: undefined }), NOW)).resolves.toEqual({ sid: 'session-alice' });
    await expect(verifyLogoutToken(keys, realm, logoutToken({ sid: undefined, typ: undefined, exp: undefined }), NOW)).resolves.toEqual({ sub: 'user-alice' });
  });

  it('refuses an access token of the realm posted as a logout token', async () => {
    await refused(fake.accessToken(NOW, { aud: FAKE_CLIENT.id }), 'The token is not a logout token.');
  });

  it('refuses a token without the back-channel logout event, or with it not an object', async () => {
    await refused(logoutToken({ events: { 'http://schemas.openid.net/event/other': {} } }), 'The token is not a logout token.');
    await refused(logoutToken({ events: { [BACKCHANNEL_LOGOUT_EVENT]: true } }), 'The token is not a logout token.');
    await refused(logoutToken({ events: [BACKCHANNEL_LOGOUT_EVENT] }), 'The token is not a logout token.');
  });

  it('refuses a token carrying a nonce (an ID token)', async () => {
    await refused(logoutToken({ nonce: 'n-1' }), 'The token carries a nonce.');
  });

  it('refuses a token typed as something else', async () => {
    await refused(logoutToken({ typ: 'Bearer' }), 'The token is not a logout token.');
  });

  it('refuses a token naming neither a session nor a user, or naming them with non-strings', async () => {
    await refused(logoutToken({ sid: undefined, sub: undefined }), 'The token names neither a session nor a user.');
    await refused(logoutToken({ sid: 7 }), 'The token has a malformed sid or sub.');
    await refused(logoutToken({ sub: '' }), 'The token has a malformed sid or sub.');
  });

  it('refuses a notice of another realm, or for another client', async () => {
    await refused(logoutToken({ iss: `${fake.url}/realms/other` }), 'The token was issued by another issuer.');
    await refused(logoutToken({ aud: 'other-client' }), 'The token is meant for another client.');
    await refused(logoutToken({ aud: undefined }), 'The token is meant for another client.');
  });

  it('refuses a stale notice replayed later, a future one, an expired one, and one without iat', async () => {
    await refused(logoutToken({ iat: NOW_SECONDS - 301, exp: undefined }), 'The token is too old to act on.');
    await expect(verifyLogoutToken(keys, realm, logoutToken({ iat: NOW_SECONDS - 300, exp: undefined }), NOW)).resolves.toBeDefined();
    await refused(logoutToken({ iat: NOW_SECONDS + 31 }), 'The token was issued in the future.');
    await refused(logoutToken({ iat: undefined }), 'The token has no issue time.');
    await refused(logoutToken({ iat: NOW_SECONDS - 10, exp: NOW_SECONDS }), 'The token has expired.');
  });

  it('refuses a forged notice: alg none, HS256 keyed with the realm public key, another key, a tampered payload', async () => {
    const none = logoutToken({}, { alg: 'none' });
    await refused(`${none.slice(0, none.lastIndexOf('.'))}.`, 'The token is not signed with an accepted algorithm.');
    const input = logoutToken({}, { alg: 'HS256' }).split('.').slice(0, 2).join('.');
    const pem = fake.signingKey.publicKey.export({ type: 'spki', format: 'pem' });
    await refused(`${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`, 'The token is not signed with an accepted algorithm.');
    const impostor = fakeRealmKey('RS256', fake.signingKey.kid);
    await refused(signJws({ alg: 'RS256', kid: impostor.kid }, { iss: fake.issuer }, impostor), 'The token is invalid.');
    const [head, , signature] = logoutToken().split('.');
    await refused(`${head}.${b64({ iss: fake.issuer, aud: FAKE_CLIENT.id, iat: NOW_SECONDS, sub: 'user-bob', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } })}.${signature}`, 'The token is invalid.');
  });
});
