// What the real server cannot be made to do on demand: a group vanishing between lookup and join,
// two groups of one name, a page of many users, the order of calls in a password change (the
// realm session the check opened must end; a wrong password must change nothing), and where the
// refusals of realm administration fall (before any write, so a refused call changes nothing).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { ForbiddenError, ValidationFailedError } from '../../domain/auth-error';
import type { KeycloakAnswer, KeycloakCall } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';
import { KeycloakUserDirectory } from './keycloak-user-directory';

const NEW_ID = '1ff570ec-14c2-4dba-a53c-2d8fc4119183';
const STAFF = { id: '718be178-d0de-4bd7-86b8-d417d4d72462', name: 'staff' };
const ADMIN = '/admin/realms/test';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): KeycloakAnswer => ({ status, body, headers: new Headers(headers) });

const SERVICE_ACCOUNT = '2a4c9c54-8e74-4857-bd81-a7ccd5eb247d';
const MODULE_CLIENT = uuid(100);
const REALM_MANAGEMENT = uuid(101);
const token = `e30.${Buffer.from(JSON.stringify({ sub: SERVICE_ACCOUNT })).toString('base64url')}.sig`;

// The calls that make up a user's permits and the realm-administration checks, in the order a
// directory call makes them; `log` lines, as `directoryWith` records them.
const CLIENT_LOOKUP = ['GET /clients?clientId=stepgate-api', 'GET /clients?clientId=realm-management'];
const permitsOf = (userId: string) => [`GET /users/${userId}/role-mappings/realm/composite`, `GET /users/${userId}/role-mappings/clients/${MODULE_CLIENT}/composite`];
const administrationOf = (path: string) => `GET ${path}/role-mappings/clients/${REALM_MANAGEMENT}/composite`;
// A group that administers nothing itself is read for its parent: its members hold the parent's roles too.
const groupAdministrationOf = (groupId: string) => [administrationOf(`/groups/${groupId}`), `GET /groups/${groupId}`];

type Route = (method: string, url: URL, call: KeycloakCall) => KeycloakAnswer | Promise<KeycloakAnswer>;

interface Options {
  readonly now?: () => Date;
  readonly groupFetchConcurrency?: number;
  /** Users and groups (`/users/<id>`, `/groups/<id>`) holding a realm-management role. */
  readonly administering?: readonly string[];
}

/**
 * The lookup of both clients, role mappings (none, or `realm-admin` for `administering`), and a
 * group read by id: every group is a top-level one, without a parent.
 */
function roleMappings(path: string, administering: readonly string[]): KeycloakAnswer | undefined {
  if (path === '/clients?clientId=stepgate-api') return answer(200, [{ id: MODULE_CLIENT, clientId: 'stepgate-api' }]);
  if (path === '/clients?clientId=realm-management') return answer(200, [{ id: REALM_MANAGEMENT, clientId: 'realm-management' }]);
  const groupId = /^\/groups\/([^/]+)$/.exec(path)?.[1];
  if (groupId) return answer(200, { id: groupId, name: groupId === STAFF.id ? STAFF.name : 'other', path: '/other', subGroupCount: 0 });
  if (path.endsWith(`/role-mappings/clients/${REALM_MANAGEMENT}/composite`)) return answer(200, administering.some((owner) => path.startsWith(`${owner}/`)) ? [{ name: 'realm-admin' }] : []);
  return path.includes('/role-mappings/') ? answer(200, []) : undefined;
}

function directoryWith(route: Route, { administering = [], ...options }: Options = {}) {
  const realm = new KeycloakRealm({ url: 'http://keycloak.test', realm: 'test', clientId: 'stepgate-api', clientSecret: 'secret' });
  const log: string[] = [];
  vi.spyOn(realm.http, 'call').mockImplementation(async (url: string, call: KeycloakCall = {}) => {
    if (call.form?.grant_type === 'client_credentials') return answer(200, { access_token: token, expires_in: 300 });
    const method = call.method ?? (call.form || call.json !== undefined ? 'POST' : 'GET');
    const parsed = new URL(url);
    const bare = parsed.pathname.replace(ADMIN, '');
    // The two client lookups differ only in their query; every other line keeps to the path.
    const path = bare === '/clients' ? bare + parsed.search : bare;
    log.push(`${method} ${path}`);
    return (method === 'GET' && roleMappings(path, administering)) || route(method, parsed, call);
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
    expect(log).toEqual([
      'GET /groups',
      ...CLIENT_LOOKUP,
      ...groupAdministrationOf(STAFF.id),
      'POST /users',
      `PUT /users/${NEW_ID}/groups/${STAFF.id}`,
      administrationOf(`/users/${NEW_ID}`),
      `DELETE /users/${NEW_ID}`,
    ]);
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

describe('KeycloakUserDirectory keeps realm administration out of the module’s reach', () => {
  const RIKA = { id: uuid(7), username: 'rika', enabled: true };
  const OPS = { id: uuid(8), name: 'ops' };
  // One user, with no groups yet, in a realm holding the groups staff and ops.
  const realmOf: Route = (method, url) => {
    if (url.pathname === `${ADMIN}/groups`) return answer(200, [url.searchParams.get('search') === 'ops' ? OPS : STAFF]);
    if (url.pathname === `${ADMIN}/users/${RIKA.id}/groups`) return answer(200, []);
    if (url.pathname === `${ADMIN}/users/${RIKA.id}` && method === 'GET') return answer(200, RIKA);
    return answer(204);
  };
  const writes = (log: readonly string[]) => log.filter((line) => !line.startsWith('GET'));

  it('refuses to set the password of, change or remove a user holding a realm-management role, and writes nothing', async () => {
    const { directory, log } = directoryWith(realmOf, { administering: [`/users/${RIKA.id}`] });
    for (const changes of [{ password: 'new-password-1' }, { enabled: false }, { attributes: { department: 'it' } }, { groups: ['staff'] }]) {
      await rejectionOf(directory.update(RIKA.id, changes), ForbiddenError);
    }
    await rejectionOf(directory.remove(RIKA.id), ForbiddenError);
    expect(writes(log)).toEqual([]);
    // Asked of the user's effective realm-management roles, not of the groups they are about to get.
    expect(log.filter((line) => line.includes(String(REALM_MANAGEMENT)))).toEqual(Array.from({ length: 5 }, () => administrationOf(`/users/${RIKA.id}`)));
  });

  it('changes and removes a user holding none, asking before the first write', async () => {
    const { directory, log } = directoryWith(realmOf);
    expect(await directory.update(RIKA.id, { enabled: false, password: 'new-password-1' })).toMatchObject({ userId: RIKA.id });
    await directory.remove(RIKA.id);
    expect(log).toEqual([
      `GET /users/${RIKA.id}`,
      ...CLIENT_LOOKUP,
      administrationOf(`/users/${RIKA.id}`),
      `PUT /users/${RIKA.id}`,
      `PUT /users/${RIKA.id}/reset-password`,
      `GET /users/${RIKA.id}`,
      `GET /users/${RIKA.id}/groups`,
      ...permitsOf(RIKA.id),
      administrationOf(`/users/${RIKA.id}`),
      `DELETE /users/${RIKA.id}`,
    ]);
  });

  it('refuses a group whose membership administers the realm, naming only it, before creating or changing anyone', async () => {
    const { directory, log } = directoryWith(realmOf, { administering: [`/groups/${OPS.id}`] });
    const created = await rejectionOf(directory.create({ username: 'dora', password: 'pw-12345678', groups: ['staff', 'ops'] }), ValidationFailedError);
    expect(created.errors).toEqual([{ field: 'groups', message: expect.stringContaining('ops') }]);
    expect(created.errors[0].message).not.toContain('staff');
    const updated = await rejectionOf(directory.update(RIKA.id, { groups: ['ops'], enabled: false, password: 'new-password-1' }), ValidationFailedError);
    expect(updated.errors.map((error) => error.field)).toEqual(['groups']);
    expect(writes(log)).toEqual([]);
    expect(await directory.update(RIKA.id, { groups: ['staff'] })).toMatchObject({ userId: RIKA.id });
    expect(writes(log)).toEqual([`PUT /users/${RIKA.id}/groups/${STAFF.id}`]);
  });
});
