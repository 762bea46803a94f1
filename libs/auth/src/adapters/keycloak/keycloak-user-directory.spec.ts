// What the real server cannot be made to do on demand: a group vanishing between lookup and join,
// two groups of one name, a page of many users, and the order of calls in a password change (the
// realm session the check opened must end; a wrong password must change nothing).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { ValidationFailedError } from '../../domain/auth-error';
import type { KeycloakAnswer, KeycloakCall } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';
import { KeycloakUserDirectory } from './keycloak-user-directory';

const NEW_ID = '1ff570ec-14c2-4dba-a53c-2d8fc4119183';
const STAFF = { id: '718be178-d0de-4bd7-86b8-d417d4d72462', name: 'staff' };
const ADMIN = '/admin/realms/test';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): KeycloakAnswer => ({ status, body, headers: new Headers(headers) });

type Route = (method: string, url: URL, call: KeycloakCall) => KeycloakAnswer | Promise<KeycloakAnswer>;

function directoryWith(route: Route, options: { now?: () => Date; groupFetchConcurrency?: number } = {}) {
  const realm = new KeycloakRealm({ url: 'http://keycloak.test', realm: 'test', clientId: 'stepgate-api', clientSecret: 'secret' });
  const log: string[] = [];
  vi.spyOn(realm.http, 'call').mockImplementation(async (url: string, call: KeycloakCall = {}) => {
    if (call.form?.grant_type === 'client_credentials') return answer(200, { access_token: 'e30.e30.sig', expires_in: 300 });
    const method = call.method ?? (call.form || call.json !== undefined ? 'POST' : 'GET');
    const parsed = new URL(url);
    log.push(`${method} ${parsed.pathname.replace(ADMIN, '')}`);
    return route(method, parsed, call);
  });
  return { directory: new KeycloakUserDirectory(realm, options), log, realm };
}

const groupSearch = (url: URL, groups: unknown[]) => (url.pathname === `${ADMIN}/groups` ? answer(200, groups) : undefined);

afterEach(() => vi.restoreAllMocks());

describe('KeycloakUserDirectory.create', () => {
  it('removes the new user again when a group vanishes before the join, and says which field failed', async () => {
    const { directory, log } = directoryWith((method, url) => {
      if (method === 'POST') return answer(201, undefined, { location: `http://keycloak.test${ADMIN}/users/${NEW_ID}` });
      if (method === 'PUT') return answer(404, { error: 'Group not found' });
      return groupSearch(url, [STAFF]) ?? answer(204);
    });
    const error = await rejectionOf(directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff'] }), ValidationFailedError);
    expect(error.errors[0].field).toBe('groups');
    expect(log).toEqual(['GET /groups', 'POST /users', `PUT /users/${NEW_ID}/groups/${STAFF.id}`, `DELETE /users/${NEW_ID}`]);
  });

  it('refuses a group name the realm holds twice (in two subtrees) rather than pick one', async () => {
    const twin = { id: uuid(9), name: 'dept', subGroups: [{ id: uuid(10), name: 'staff' }] };
    const { directory, log } = directoryWith((_, url) => groupSearch(url, [STAFF, twin]) ?? answer(500));
    await rejectionOf(directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff'] }), ValidationFailedError);
    expect(log).toEqual(['GET /groups']);
  });

  it('remembers a group’s id briefly, and looks it up again afterwards', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { directory, log } = directoryWith(
      (method, url) => {
        if (method === 'POST') return answer(201, undefined, { location: `http://keycloak.test${ADMIN}/users/${NEW_ID}` });
        if (url.pathname === `${ADMIN}/users/${NEW_ID}`) return answer(200, { id: NEW_ID, username: 'dora', enabled: true });
        if (url.pathname === `${ADMIN}/users/${NEW_ID}/groups`) return answer(200, [STAFF]);
        return groupSearch(url, [STAFF]) ?? answer(204);
      },
      { now: () => new Date(now) },
    );
    await directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff'] });
    await directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff'] });
    now += 31_000;
    await directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff'] });
    expect(log.filter((line) => line === 'GET /groups')).toHaveLength(2);
  });
});

describe('KeycloakUserDirectory.list', () => {
  it('asks Keycloak for the page and the count of one search, and fetches groups a few users at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const users = Array.from({ length: 10 }, (_, n) => ({ id: uuid(n), username: `user${n}`, enabled: true }));
    const { directory, log } = directoryWith(async (_, url) => {
      if (url.pathname === `${ADMIN}/users/count`) return answer(200, 42);
      if (url.pathname === `${ADMIN}/users`) {
        expect(Object.fromEntries(url.searchParams)).toEqual({ search: '*ali*', first: '20', max: '10', briefRepresentation: 'false' });
        return answer(200, users);
      }
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return answer(200, [STAFF]);
    }, { groupFetchConcurrency: 3 });
    const page = await directory.list({ page: 3, pageSize: 10, search: 'ali' });
    expect(page.total).toBe(42);
    expect(page.items.map((user) => user.username)).toEqual(users.map((user) => user.username));
    expect(page.items.every((user) => user.groups[0] === 'staff')).toBe(true);
    expect(most).toBe(3);
    expect(log).toContain('GET /users/count');
  });
});

describe('KeycloakUserDirectory.changePassword', () => {
  const DORA = { id: NEW_ID, username: 'dora', enabled: true };

  it('checks the password with the grant, ends the session it opened, then sets the new one', async () => {
    const forms: Record<string, string>[] = [];
    const { directory, log, realm } = directoryWith((method, url, call) => {
      if (call.form) forms.push(call.form);
      if (url.href === realm.tokenEndpoint) return answer(200, { access_token: 'a', refresh_token: 'the-refresh-token' });
      if (url.href === realm.logoutEndpoint) return answer(204);
      if (method === 'PUT') {
        expect(call.json).toEqual({ type: 'password', value: 'next-password-1', temporary: false });
        return answer(204);
      }
      return answer(200, DORA);
    });
    expect(await directory.changePassword(NEW_ID, 'current-password', 'next-password-1')).toBe('changed');
    expect(log).toEqual([`GET /users/${NEW_ID}`, 'POST /realms/test/protocol/openid-connect/token', 'POST /realms/test/protocol/openid-connect/logout', `PUT /users/${NEW_ID}/reset-password`]);
    expect(forms[0]).toMatchObject({ grant_type: 'password', username: 'dora', password: 'current-password' });
    expect(forms[1]).toMatchObject({ refresh_token: 'the-refresh-token', client_id: 'stepgate-api' });
  });

  it('changes nothing on a wrong password', async () => {
    const { directory, log, realm } = directoryWith((_, url) => (url.href === realm.tokenEndpoint ? answer(400, { error: 'invalid_grant' }) : answer(200, DORA)));
    expect(await directory.changePassword(NEW_ID, 'wrong', 'next-password-1')).toBe('wrong_password');
    expect(log.filter((line) => line.startsWith('PUT'))).toEqual([]);
  });

  it('reports a new password Keycloak’s own policy refuses on new_password', async () => {
    const { directory, realm } = directoryWith((method, url) => {
      if (url.href === realm.tokenEndpoint) return answer(200, { access_token: 'a', refresh_token: 'r' });
      if (url.href === realm.logoutEndpoint) return answer(204);
      if (method === 'PUT') return answer(400, { error: 'invalidPasswordHistoryMessage', error_description: 'Invalid password: must not be equal to any of last 3 passwords.' });
      return answer(200, DORA);
    });
    const error = await rejectionOf(directory.changePassword(NEW_ID, 'current', 'old-password'), ValidationFailedError);
    expect(error.errors).toEqual([{ field: 'new_password', message: expect.stringContaining('last 3 passwords') }]);
  });
});
