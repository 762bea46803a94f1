// The realm scripts/keycloak.sh serves (test/fixtures/keycloak/realm.json) is what the Keycloak
// identity provider and the realm-token verifier are tested against. A missing mapper or grant there
// would fail those tests for reasons that have nothing to do with Stepgate, or worse, let a check
// pass on tokens that lack the claim it is meant to read; this suite pins what the realm gives.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../apps/demo/src/demo-users';

const START = 'start it with `bash scripts/keycloak.sh` and export the KEYCLOAK_* lines it prints';
const SETTINGS = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'] as const;
const OTHER_CLIENT = { id: 'other-client', secret: 'other-client-test-secret' };

let url: string;
let realm: string;
let client: { id: string; secret: string };
let jwks: { keys: (JsonWebKey & { kid: string; use?: string; alg?: string })[] };

interface Answer { status: number; body: any }

/** Every body is read, refusals too, so no request is left holding a socket. */
async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

const tokenRequest = (form: Record<string, string>) =>
  call(`/realms/${realm}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });

const passwordGrant = (username: string, password: string, as = client) =>
  tokenRequest({ grant_type: 'password', client_id: as.id, client_secret: as.secret, username, password, scope: 'openid' });

/** The claims of an access token whose RS256 signature one of the realm's published keys verifies. */
function verifiedClaims(token: string): Record<string, any> {
  const [header, payload, signature] = token.split('.');
  const { alg, kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
  expect(alg).toBe('RS256');
  const jwk = jwks.keys.find((key) => key.kid === kid && key.use !== 'enc');
  expect(jwk, `kid ${kid} among the realm's signing keys`).toBeDefined();
  const valid = verify('sha256', Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk!, format: 'jwk' }), Buffer.from(signature, 'base64url'));
  expect(valid, 'signature verifies against the realm JWKS').toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

const audiences = (claims: Record<string, any>): string[] => [claims.aud ?? []].flat();

/** Reads the settings and the realm's keys once; rejects, naming the script, without a server. */
async function reachRealm(): Promise<void> {
  const missing = SETTINGS.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set; Keycloak is needed: ${START}`);
  url = process.env.KEYCLOAK_URL!.replace(/\/+$/, '');
  realm = process.env.KEYCLOAK_REALM!;
  client = { id: process.env.KEYCLOAK_CLIENT_ID!, secret: process.env.KEYCLOAK_CLIENT_SECRET! };
  try {
    const certs = await call(`/realms/${realm}/protocol/openid-connect/certs`);
    if (certs.status !== 200) throw new Error(`GET .../certs answered ${certs.status}`);
    jwks = certs.body;
  } catch (error) {
    throw new Error(`Keycloak realm ${realm} at ${url} is not answering; ${START}`, { cause: error });
  }
}
let reached: Promise<void> | undefined;

// Every test fails, none is skipped, without a server: a suite that skips proves nothing in CI
// (a failing beforeAll would report the tests as skipped).
beforeEach(() => (reached ??= reachRealm()));

describe('password grant for each demo user', () => {
  it.each(DEMO_USERS)('$username gets an RS256 token for stepgate-api with their groups and department', async (user) => {
    const answer = await passwordGrant(user.username, user.password);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.token_type).toBe('Bearer');
    const claims = verifiedClaims(answer.body.access_token);
    expect(claims.iss).toBe(`${url}/realms/${realm}`);
    expect(audiences(claims)).toContain(client.id);
    expect(claims.azp).toBe(client.id);
    expect(claims.preferred_username).toBe(user.username);
    expect([...claims.groups].sort()).toEqual([...user.groups].sort());
    expect(claims.department).toBe(user.attributes.department);
    expect(claims.email).toBe('email' in user ? user.email : undefined);
    expect(claims.exp - claims.iat).toBeGreaterThan(0);
  });

  it.each([
    ['a wrong password', 'alice', 'not-alice-demo-password'],
    ['an unknown user', 'nobody', 'alice-demo-password'],
  ])('refuses %s with 400 invalid_grant and no token', async (_, username, password) => {
    const answer = await passwordGrant(username, password);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
    expect(answer.body.access_token).toBeUndefined();
  });

  it('gives another client of the realm tokens whose audience is not stepgate-api', async () => {
    const answer = await passwordGrant('alice', 'alice-demo-password', OTHER_CLIENT);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const claims = verifiedClaims(answer.body.access_token);
    expect(claims.azp).toBe(OTHER_CLIENT.id);
    expect(audiences(claims)).not.toContain(client.id);
    expect([...claims.groups].sort()).toEqual(['editor', 'staff']);
  });
});

describe('the stepgate-api service account on the admin REST API', () => {
  let bearer: { authorization: string } | undefined;
  const admin = (path: string, init: RequestInit = {}) =>
    call(`/admin/realms/${realm}${path}`, { ...init, headers: { ...bearer, ...init.headers } });
  const usernames = (answer: Answer) => (answer.body as { username: string }[]).map((u) => u.username).sort();

  beforeEach(async () => {
    if (bearer) return;
    const answer = await tokenRequest({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const claims = verifiedClaims(answer.body.access_token);
    expect(claims.resource_access?.['realm-management']?.roles).toEqual(
      expect.arrayContaining(['view-users', 'query-users', 'query-groups', 'manage-users', 'view-clients']),
    );
    bearer = { authorization: `Bearer ${answer.body.access_token}` };
  });

  it('lists and counts the demo users, with their email, phone and department', async () => {
    const list = await admin('/users?briefRepresentation=false&max=100');
    expect(list.status).toBe(200);
    expect(usernames(list)).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect((await admin('/users/count')).body).toBe(DEMO_USERS.length);
    for (const user of DEMO_USERS) {
      const found = list.body.find((u: { username: string }) => u.username === user.username);
      expect(found.email).toBe('email' in user ? user.email : undefined);
      expect(found.attributes.phone_number).toEqual('phoneNumber' in user ? [user.phoneNumber] : undefined);
      expect(found.attributes.department).toEqual([user.attributes.department]);
    }
  });

  it('searches users by name and by attribute', async () => {
    expect(usernames(await admin('/users?search=car'))).toEqual(['carol']);
    expect(usernames(await admin(`/users?q=${encodeURIComponent('department:research')}`))).toEqual(['alice', 'bob']);
    expect(usernames(await admin('/users?search=nobody'))).toEqual([]);
  });

  it('lists the groups staff, editor and admin', async () => {
    const groups = await admin('/groups');
    expect(groups.status).toBe(200);
    expect((groups.body as { name: string }[]).map((g) => g.name).sort()).toEqual(['admin', 'editor', 'staff']);
  });

  it('may create and remove a user (manage-users)', async () => {
    const username = `realm-check-${process.pid}-${Date.now()}`;
    const created = await admin('/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, firstName: 'Realm', lastName: 'Check', enabled: true }),
    });
    expect(created.status, String(created.body)).toBe(201);
    const [found] = (await admin(`/users?exact=true&username=${username}`)).body;
    expect((await admin(`/users/${found.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

afterAll(async () => {
  // A finished fetch lets go of its socket a moment after the body is read; a request left unread
  // would hold its socket for good and keep the test process alive, as keycloak-connect's unread
  // refusals do (stack notes). Give the former a second, then insist.
  const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP'));
  for (let waited = 0; sockets().length > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(sockets(), 'sockets still holding the process open').toEqual([]);
});
