// The realm-token verifier against the real Keycloak of scripts/keycloak.sh: what its fake realm in
// the unit specs stands in for. Tokens Keycloak really issues must be accepted with the groups and
// attributes its mappers put in them, and every other token the realm signs (another client's, an ID
// or refresh token) refused; a session logged out in Keycloak ends here only with introspection on.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenExpiredError, TokenInvalidError } from '../../libs/auth/src/domain/auth-error';
import { KeycloakAccessTokenVerifier } from '../../libs/auth/src/adapters/keycloak/keycloak-access-token.verifier';
import { KeycloakRealm } from '../../libs/auth/src/adapters/keycloak/keycloak-realm';
import { rejectionOf } from '../support/rejection';

const START = 'start it with `bash scripts/keycloak.sh` and export the KEYCLOAK_* lines it prints';
const SETTINGS = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'] as const;
const OTHER_CLIENT = { id: 'other-client', secret: 'other-client-test-secret' };

interface Grant { access_token: string; id_token: string; refresh_token: string }

let realm: KeycloakRealm;
let offline: KeycloakAccessTokenVerifier;
let introspecting: KeycloakAccessTokenVerifier;

/** A token-endpoint call whose body is read to its end, refusals too, so no socket is left held. */
async function post(url: string, form: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

async function passwordGrant(username: string, password: string, as = { id: realm.clientId, secret: process.env.KEYCLOAK_CLIENT_SECRET! }): Promise<Grant> {
  const answer = await post(realm.tokenEndpoint, { grant_type: 'password', client_id: as.id, client_secret: as.secret, username, password, scope: 'openid' });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, any>;

/** Reads the settings and checks the realm answers; rejects, naming the script, without a server. */
async function reachRealm(): Promise<void> {
  const missing = SETTINGS.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set; Keycloak is needed: ${START}`);
  realm = new KeycloakRealm({ url: process.env.KEYCLOAK_URL!, realm: process.env.KEYCLOAK_REALM!, clientId: process.env.KEYCLOAK_CLIENT_ID!, clientSecret: process.env.KEYCLOAK_CLIENT_SECRET! });
  try {
    const certs = await fetch(realm.certsEndpoint, { signal: AbortSignal.timeout(10_000) });
    await certs.text();
    if (certs.status !== 200) throw new Error(`GET .../certs answered ${certs.status}`);
  } catch (error) {
    throw new Error(`Keycloak realm ${realm.name} at ${process.env.KEYCLOAK_URL} is not answering; ${START}`, { cause: error });
  }
  offline = new KeycloakAccessTokenVerifier({ realm });
  introspecting = new KeycloakAccessTokenVerifier({ realm, introspect: { cacheSeconds: 30 } });
}
let reached: Promise<void> | undefined;

// Every test fails, none is skipped, without a server: a suite that skips proves nothing in CI.
beforeEach(() => (reached ??= reachRealm()));

describe('KeycloakAccessTokenVerifier against the real realm', () => {
  it('accepts a password-grant access token of alice, with her groups and department', async () => {
    const { access_token } = await passwordGrant('alice', 'alice-demo-password');
    const access = await offline.verify(access_token, new Date());
    expect(access).toMatchObject({ source: 'keycloak', sessionChecked: false, sessionId: claimsOf(access_token).sid, acr: '1' });
    expect(access.identity).toMatchObject({ username: 'alice', email: 'alice@example.com', attributes: { department: 'research' } });
    expect([...access.identity.groups].sort()).toEqual(['editor', 'staff']);
    expect(access.expiresAt).toBe(claimsOf(access_token).exp);
  });

  it('accepts the client service-account token, holding no sid and none of the realm default roles', async () => {
    const answer = await post(realm.tokenEndpoint, { grant_type: 'client_credentials', ...realm.clientCredentials() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const access = await offline.verify(answer.body.access_token, new Date());
    expect(access.identity).toMatchObject({ username: `service-account-${realm.clientId}`, groups: [] });
    expect(access.sessionId.length).toBeGreaterThan(0);
  });

  it('refuses a token of other-client (neither aud nor azp is stepgate-api)', async () => {
    const { access_token } = await passwordGrant('alice', 'alice-demo-password', OTHER_CLIENT);
    const error = await rejectionOf(offline.verify(access_token, new Date()), TokenInvalidError);
    expect(error.message).toBe('The token is meant for another client.');
  });

  it('refuses the ID token and the refresh token of the same grant', async () => {
    const { id_token, refresh_token } = await passwordGrant('alice', 'alice-demo-password');
    expect((await rejectionOf(offline.verify(id_token, new Date()), TokenInvalidError)).message).toBe('The token is not an access token.');
    // Keycloak signs refresh tokens with an HMAC key of its own: refused before any key is looked up.
    expect((await rejectionOf(offline.verify(refresh_token, new Date()), TokenInvalidError)).message).toBe('The token is not signed with an accepted algorithm.');
  });

  it('refuses a tampered token', async () => {
    const { access_token } = await passwordGrant('bob', 'bob-demo-password');
    const [head, , signature] = access_token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(access_token), groups: ['staff', 'admin'] })).toString('base64url');
    expect((await rejectionOf(offline.verify(`${head}.${payload}.${signature}`, new Date()), TokenInvalidError)).message).toBe('The token is invalid.');
  });

  it('refuses a well-signed token once its exp has passed', async () => {
    const { access_token } = await passwordGrant('carol', 'carol-demo-password');
    const { exp } = claimsOf(access_token);
    await expect(offline.verify(access_token, new Date((exp - 1) * 1000))).resolves.toMatchObject({ identity: { username: 'carol' } });
    await rejectionOf(offline.verify(access_token, new Date(exp * 1000)), TokenExpiredError);
  });

  it('after a logout in Keycloak, the offline verifier still accepts the token (until exp) and the introspecting one refuses it', async () => {
    const { access_token, refresh_token } = await passwordGrant('alice', 'alice-demo-password');
    const before = await introspecting.verify(access_token, new Date());
    expect(before.expiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 30);
    const logout = await post(realm.logoutEndpoint, { ...realm.clientCredentials(), refresh_token });
    expect(logout.status, JSON.stringify(logout.body)).toBe(204);
    // Documented: offline, a realm token stays good until its exp whatever happens to its session.
    await expect(offline.verify(access_token, new Date())).resolves.toMatchObject({ identity: { username: 'alice' } });
    expect((await rejectionOf(introspecting.verify(access_token, new Date()), TokenInvalidError)).message).toBe('The token has been revoked.');
  });
});

afterAll(async () => {
  // A finished fetch lets go of its socket a moment after the body is read; give it a second, then insist.
  const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP'));
  for (let waited = 0; sockets().length > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(sockets(), 'sockets still holding the process open').toEqual([]);
});
