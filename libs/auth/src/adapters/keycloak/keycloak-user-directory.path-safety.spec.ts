// User ids reach the admin API inside a path (PATCH /auth/users/:id, DELETE /demo/admin/users/:id).
// The service account may manage every user and read groups, roles and clients: an id like
// `../groups/<id>` or `<id>/reset-password` must not turn one admin call into another. Group names,
// usernames and Keycloak's own answers (a Location header, a group id) are held to the same rule.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { ValidationFailedError } from '../../domain/auth-error';
import { type KeycloakAnswer, type KeycloakCall, KeycloakUnavailableError } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';
import { KeycloakUserDirectory } from './keycloak-user-directory';

const SERVICE_ACCOUNT_ID = '2a4c9c54-8e74-4857-bd81-a7ccd5eb247d';
const ALICE_ID = '48e1a4f3-a619-4daa-bf73-9a62873d9825';
const STAFF_ID = '718be178-d0de-4bd7-86b8-d417d4d72462';
const MODULE_CLIENT_ID = '84c77b47-e88e-456d-b2fa-b2b1e6a474d1';
const REALM_MANAGEMENT_ID = '4eeb4c39-d2a8-4e20-adf4-6361f1ea0c5a';
const ADMIN = '/admin/realms/test';

const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): KeycloakAnswer => ({ status, body, headers: new Headers(headers) });
const token = `e30.${Buffer.from(JSON.stringify({ sub: SERVICE_ACCOUNT_ID })).toString('base64url')}.sig`;

interface Request {
  readonly method: string;
  readonly url: URL;
}

/** A directory over a realm whose every call is answered by `route`; the token grant is implied. */
function directoryWith(route: (request: Request) => KeycloakAnswer) {
  const realm = new KeycloakRealm({ url: 'http://keycloak.test', realm: 'test', clientId: 'stepgate-api', clientSecret: 'secret' });
  const requests: Request[] = [];
  vi.spyOn(realm.http, 'call').mockImplementation(async (url: string, call: KeycloakCall = {}) => {
    if (call.form?.grant_type === 'client_credentials') return answer(200, { access_token: token, expires_in: 300 });
    const request = { method: call.method ?? (call.form || call.json !== undefined ? 'POST' : 'GET'), url: new URL(url) };
    requests.push(request);
    return route(request);
  });
  return { directory: new KeycloakUserDirectory(realm), requests };
}

const keycloak = ({ method, url }: Request): KeycloakAnswer => {
  if (method === 'GET' && url.pathname === `${ADMIN}/users/${ALICE_ID}`) return answer(200, { id: ALICE_ID, username: 'alice', enabled: true });
  if (method === 'GET' && url.pathname === `${ADMIN}/users/${SERVICE_ACCOUNT_ID}`) return answer(200, { id: SERVICE_ACCOUNT_ID, username: 'service-account-stepgate-api', enabled: true });
  if (method === 'GET' && url.pathname.endsWith('/groups') && url.pathname.startsWith(`${ADMIN}/users/`)) return answer(200, [{ id: STAFF_ID, name: 'staff' }]);
  if (method === 'GET' && url.pathname === `${ADMIN}/users`) return answer(200, []);
  if (method === 'GET' && url.pathname === `${ADMIN}/groups`) return answer(200, []);
  if (method === 'GET' && url.pathname === `${ADMIN}/clients`) {
    const clientId = url.searchParams.get('clientId');
    return answer(200, [{ id: clientId === 'realm-management' ? REALM_MANAGEMENT_ID : MODULE_CLIENT_ID, clientId }]);
  }
  // Nobody holds a role beyond the realm's defaults, and no realm-management role.
  if (method === 'GET' && url.pathname.endsWith('/role-mappings/realm/composite')) return answer(200, [{ name: 'default-roles-test' }, { name: 'offline_access' }]);
  if (method === 'GET' && url.pathname.endsWith('/composite') && url.pathname.includes('/role-mappings/clients/')) return answer(200, []);
  return answer(404, { error: 'not found' });
};

afterEach(() => vi.restoreAllMocks());

describe('KeycloakUserDirectory keeps ids, names and answers out of admin paths', () => {
  const PATH_LIKE = ['../users', '..', '%2e%2e', `../groups/${STAFF_ID}`, `${ALICE_ID}/reset-password`, `${ALICE_ID}/../../clients`, `${ALICE_ID}?briefRepresentation=true`, `${ALICE_ID}#x`, '', ALICE_ID.toUpperCase(), 'f:ldap:1'];

  it.each(PATH_LIKE)('treats %j as an unknown user without calling Keycloak at all', async (id) => {
    const { directory, requests } = directoryWith(keycloak);
    expect(await directory.findById(id)).toBeUndefined();
    expect(await directory.update(id, { enabled: false, password: 'new-password-1', groups: ['staff'] })).toBeUndefined();
    expect(await directory.changePassword(id, 'current', 'next-password-1')).toBe('not_found');
    await directory.remove(id);
    expect(requests).toEqual([]);
  });

  it('asks for exactly the user, their groups and their roles for a Keycloak id (and both clients’ ids once)', async () => {
    const { directory, requests } = directoryWith(keycloak);
    expect(await directory.findById(ALICE_ID)).toMatchObject({ userId: ALICE_ID, groups: ['staff'] });
    expect(requests.map((request) => `${request.method} ${request.url.pathname}${request.url.search}`).sort()).toEqual([
      `GET ${ADMIN}/clients?clientId=realm-management`,
      `GET ${ADMIN}/clients?clientId=stepgate-api`,
      `GET ${ADMIN}/users/${ALICE_ID}`,
      `GET ${ADMIN}/users/${ALICE_ID}/groups?first=0&max=100&briefRepresentation=true`,
      `GET ${ADMIN}/users/${ALICE_ID}/role-mappings/clients/${MODULE_CLIENT_ID}/composite`,
      `GET ${ADMIN}/users/${ALICE_ID}/role-mappings/realm/composite`,
    ]);
  });

  it('sends a username only as the value of a query parameter', async () => {
    const { directory, requests } = directoryWith(keycloak);
    await directory.findByUsername('A&exact=false/../groups?x');
    expect(requests).toHaveLength(1);
    expect(requests[0].url.pathname).toBe(`${ADMIN}/users`);
    expect(Object.fromEntries(requests[0].url.searchParams)).toEqual({ username: 'a&exact=false/../groups?x', exact: 'true', briefRepresentation: 'false' });
  });

  it('sends group names only as search values, and refuses them when the realm has no such group', async () => {
    const { directory, requests } = directoryWith(keycloak);
    const names = ['../users', `x&search=staff`, 'id:abc'];
    const refusal = await rejectionOf(directory.create({ username: 'dora', password: 'pw-12345678', groups: names }), ValidationFailedError);
    expect(refusal.errors.map((error) => error.field)).toEqual(['groups']);
    expect(requests.map((request) => request.url.pathname)).toEqual([`${ADMIN}/groups`, `${ADMIN}/groups`, `${ADMIN}/groups`]);
    expect(requests.map((request) => request.url.searchParams.get('search'))).toEqual(names);
  });

  it('refuses a Location header that does not end in a Keycloak id, and follows it nowhere', async () => {
    const { directory, requests } = directoryWith((request) =>
      request.method === 'POST' ? answer(201, undefined, { location: `http://keycloak.test${ADMIN}/users/../groups/${STAFF_ID}` }) : keycloak(request),
    );
    await rejectionOf(directory.create({ username: 'dora', password: 'pw-12345678' }), KeycloakUnavailableError);
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([`POST ${ADMIN}/users`]);
  });

  it('refuses a group id in Keycloak’s answer that is not a Keycloak id, before it reaches a path', async () => {
    const { directory, requests } = directoryWith((request) =>
      request.url.pathname === `${ADMIN}/groups` ? answer(200, [{ id: '../../users', name: 'staff' }]) : keycloak(request),
    );
    await rejectionOf(directory.update(ALICE_ID, { groups: ['staff'] }), KeycloakUnavailableError);
    // Every call a GET is not enough: the realm-administration check of a group is a GET on its id.
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      `GET ${ADMIN}/users/${ALICE_ID}`,
      `GET ${ADMIN}/clients`,
      `GET ${ADMIN}/clients`,
      `GET ${ADMIN}/users/${ALICE_ID}/role-mappings/clients/${REALM_MANAGEMENT_ID}/composite`,
      `GET ${ADMIN}/groups`,
    ]);
  });

  it('never hands out, changes or removes the client’s own service account', async () => {
    const { directory, requests } = directoryWith(keycloak);
    expect(await directory.findById(SERVICE_ACCOUNT_ID)).toBeUndefined();
    expect(await directory.update(SERVICE_ACCOUNT_ID, { enabled: false })).toBeUndefined();
    expect(await directory.changePassword(SERVICE_ACCOUNT_ID, 'a', 'b')).toBe('not_found');
    await directory.remove(SERVICE_ACCOUNT_ID);
    expect(requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });
});
