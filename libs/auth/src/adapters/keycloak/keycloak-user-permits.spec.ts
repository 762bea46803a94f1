// A user's permits decide what `/auth/me`, a refresh and every `@RequireGroups` check allow, and
// `administersRealm` is all that keeps a module admin from taking over a realm administrator
// through the service account's `manage-users`. Read differently from the realm's tokens, a permit
// would appear or vanish on refresh; read as "no" when Keycloak answers nonsense, a realm
// administrator would be open to change. Ids from callers and from Keycloak's own answers go into
// admin paths, so each is held to one path segment.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { type KeycloakAnswer, type KeycloakCall, KeycloakUnavailableError } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';
import { KeycloakServiceAccount, KeycloakServiceAccountError } from './keycloak-service-account';
import { KeycloakUserPermits } from './keycloak-user-permits';

const SERVICE_ACCOUNT = '2a4c9c54-8e74-4857-bd81-a7ccd5eb247d';
const MODULE_CLIENT = '84c77b47-e88e-456d-b2fa-b2b1e6a474d1';
const REALM_MANAGEMENT = '4eeb4c39-d2a8-4e20-adf4-6361f1ea0c5a';
const ALICE = '48e1a4f3-a619-4daa-bf73-9a62873d9825';
const BOB = '9d3c1b6e-5a3f-4c1e-8f4e-2b7d0c9a1e55';
const OPS = '718be178-d0de-4bd7-86b8-d417d4d72462';
// Mixed case on purpose: Keycloak names the default role after the realm in lower case.
const ADMIN = 'http://keycloak.test/admin/realms/Stepgate';

const answer = (status: number, body?: unknown): KeycloakAnswer => ({ status, body, headers: new Headers() });
const roles = (...names: string[]) => answer(200, names.map((name, n) => ({ id: `role-${n}`, name, composite: false })));
const token = `e30.${Buffer.from(JSON.stringify({ sub: SERVICE_ACCOUNT })).toString('base64url')}.sig`;

type Route = (path: string) => KeycloakAnswer | undefined | Promise<KeycloakAnswer | undefined>;

const MODULE_LOOKUP = '/clients?clientId=stepgate-api';
const REALM_MANAGEMENT_LOOKUP = '/clients?clientId=realm-management';

/** The realm's answers to the lookup of both clients by their client ids. */
const clientLookup: Route = (path) => {
  if (path === MODULE_LOOKUP) return answer(200, [{ id: MODULE_CLIENT, clientId: 'stepgate-api', enabled: true }]);
  if (path === REALM_MANAGEMENT_LOOKUP) return answer(200, [{ id: REALM_MANAGEMENT, clientId: 'realm-management', bearerOnly: true }]);
  return undefined;
};

/** Permits over a realm whose admin API answers `route` (then `clientLookup`); every admin URL is kept as sent. */
function permitsWith(route: Route) {
  const realm = new KeycloakRealm({ url: 'http://keycloak.test', realm: 'Stepgate', clientId: 'stepgate-api', clientSecret: 'secret' });
  const urls: string[] = [];
  vi.spyOn(realm.http, 'call').mockImplementation(async (url: string, call: KeycloakCall = {}) => {
    if (call.form?.grant_type === 'client_credentials') return answer(200, { access_token: token, expires_in: 300 });
    urls.push(url);
    const path = url.slice(ADMIN.length);
    return (await route(path)) ?? (await clientLookup(path)) ?? answer(404, { error: 'not found' });
  });
  const paths = () => urls.map((url) => url.slice(ADMIN.length));
  return { permits: new KeycloakUserPermits(realm, new KeycloakServiceAccount(realm)), paths, urls };
}

const lookups = (paths: readonly string[]) => paths.filter((path) => path.startsWith('/clients'));
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
/** `GET /groups/{id}` as Keycloak answers it: `parentId` on a subgroup only. */
const group = (path: string, id: string, parentId?: string) =>
  path === `/groups/${id}` ? answer(200, { id, name: `group-${id.slice(-2)}`, path: '/…', subGroupCount: 0, ...(parentId ? { parentId } : {}) }) : undefined;

afterEach(() => vi.restoreAllMocks());

describe('KeycloakUserPermits.of', () => {
  it('merges groups, effective realm roles and the module client’s roles, without the roles every user holds, sorted', async () => {
    const { permits, paths } = permitsWith((path) => {
      if (path === `/users/${ALICE}/role-mappings/realm/composite`) return roles('offline_access', 'reviewer', 'uma_authorization', 'default-roles-stepgate', 'staff');
      if (path === `/users/${ALICE}/role-mappings/clients/${MODULE_CLIENT}/composite`) return roles('reviewer', 'approver');
      return undefined;
    });
    expect(await permits.of(ALICE, ['staff', 'editor'])).toEqual(['approver', 'editor', 'reviewer', 'staff']);
    expect(paths()).toEqual([
      MODULE_LOOKUP,
      REALM_MANAGEMENT_LOOKUP,
      `/users/${ALICE}/role-mappings/realm/composite`,
      `/users/${ALICE}/role-mappings/clients/${MODULE_CLIENT}/composite`,
    ]);
  });

  it('never reads realm-management roles as permits', async () => {
    // The realm's tokens carry only the module client's roles as permits; `manage-users` from
    // realm-management is the realm's business, and as a permit it would pass a check of that name.
    const { permits, paths } = permitsWith((path) => (path.includes(REALM_MANAGEMENT) ? roles('manage-users') : path.includes('/role-mappings/') ? roles() : undefined));
    expect(await permits.of(ALICE, [])).toEqual([]);
    expect(paths().filter((path) => path.startsWith('/users/')).some((path) => path.includes(REALM_MANAGEMENT))).toBe(false);
  });

  it('gives a user Keycloak no longer knows no roles (404), leaving the caller to decide they are gone', async () => {
    const { permits } = permitsWith(() => undefined);
    expect(await permits.of(ALICE, ['staff'])).toEqual(['staff']);
  });
});

describe('KeycloakUserPermits finds the two clients once', () => {
  it('looks them up once, however many callers need them at the same time, and not again later', async () => {
    const { permits, paths } = permitsWith(async (path) => {
      // Slow enough that every caller below arrives while the first lookup is still out.
      if (path.startsWith('/clients')) await new Promise((resolve) => setTimeout(resolve, 10));
      return path.includes('/role-mappings/') ? roles() : undefined;
    });
    await Promise.all([permits.of(ALICE, []), permits.administersRealm(ALICE), permits.groupAdministersRealm(OPS), permits.of(ALICE, ['staff'])]);
    await permits.administersRealm(ALICE);
    expect(lookups(paths())).toEqual([MODULE_LOOKUP, REALM_MANAGEMENT_LOOKUP]);
  });

  it('asks again on the next call after a failed lookup, rather than failing for good', async () => {
    let outage = true;
    const { permits, paths } = permitsWith((path) => {
      if (path === MODULE_LOOKUP && outage) return answer(200, []);
      return path.includes('/role-mappings/clients/') ? roles() : undefined;
    });
    await rejectionOf(permits.administersRealm(ALICE), KeycloakUnavailableError);
    await rejectionOf(permits.administersRealm(ALICE), KeycloakUnavailableError);
    outage = false;
    expect(await permits.administersRealm(ALICE)).toBe(false);
    expect(lookups(paths()).filter((path) => path === MODULE_LOOKUP)).toHaveLength(3);
    expect(paths().filter((path) => path.startsWith(`/users/${ALICE}`))).toEqual([`/users/${ALICE}/role-mappings/clients/${REALM_MANAGEMENT}/composite`]);
  });
});

describe('KeycloakUserPermits tells who administers the realm', () => {
  const holding = (path: string, prefix: string, names: string[]) => (path === `${prefix}/role-mappings/clients/${REALM_MANAGEMENT}/composite` ? roles(...names) : undefined);

  it('says yes for a user holding any realm-management role, and no for one holding none', async () => {
    const { permits } = permitsWith((path) => holding(path, `/users/${ALICE}`, ['manage-clients', 'view-clients']) ?? holding(path, `/users/${BOB}`, []));
    expect(await permits.administersRealm(ALICE)).toBe(true);
    expect(await permits.administersRealm(BOB)).toBe(false);
  });

  it('says yes for a group whose membership gives a realm-management role, and no for one that gives none', async () => {
    const { permits, paths } = permitsWith((path) => holding(path, `/groups/${OPS}`, ['realm-admin']) ?? holding(path, `/groups/${ALICE}`, []) ?? group(path, ALICE));
    expect(await permits.groupAdministersRealm(OPS)).toBe(true);
    expect(await permits.groupAdministersRealm(ALICE)).toBe(false);
    // A group that administers needs no parent asked; one that does not, its own (top-level) group.
    expect(paths().filter((path) => path.startsWith('/groups/'))).toEqual([
      `/groups/${OPS}/role-mappings/clients/${REALM_MANAGEMENT}/composite`,
      `/groups/${ALICE}/role-mappings/clients/${REALM_MANAGEMENT}/composite`,
      `/groups/${ALICE}`,
    ]);
  });
});

describe('KeycloakUserPermits reads a subgroup with its parents', () => {
  // A member of a subgroup holds its parents' roles, which the subgroup's own mappings do not
  // list: read alone, a subgroup of realm-admins would hand out realm administration.
  const NIGHT = uuid(1);
  const chainOf = (length: number) => Array.from({ length }, (_, n) => uuid(n + 1));
  const mappingsOf = (id: string) => `/groups/${id}/role-mappings/clients/${REALM_MANAGEMENT}/composite`;
  /** Each group in `chain` the child of the next; `administering` hold realm-admin, the rest nothing. */
  const realmOf =
    (chain: readonly string[], administering: readonly string[] = []): Route =>
    (path) => {
      const id = chain.find((member) => path === mappingsOf(member));
      if (id) return roles(...(administering.includes(id) ? ['realm-admin'] : []));
      const at = chain.findIndex((member) => path === `/groups/${member}`);
      return at < 0 ? undefined : group(path, chain[at], chain[at + 1]);
    };
  const walked = (chain: readonly string[]) => chain.flatMap((id) => [mappingsOf(id), `/groups/${id}`]);
  const groupPaths = (paths: readonly string[]) => paths.filter((path) => path.startsWith('/groups/'));

  it('counts a subgroup of an administering group as administering (members inherit the parent’s roles)', async () => {
    const { permits, paths } = permitsWith(realmOf([NIGHT, OPS, uuid(9)], [OPS]));
    expect(await permits.groupAdministersRealm(NIGHT)).toBe(true);
    // Up to the first parent that administers, and no further.
    expect(groupPaths(paths())).toEqual([mappingsOf(NIGHT), `/groups/${NIGHT}`, mappingsOf(OPS)]);
  });

  it('stops at a group without a parent', async () => {
    const chain = chainOf(3);
    const { permits, paths } = permitsWith(realmOf(chain));
    expect(await permits.groupAdministersRealm(chain[0])).toBe(false);
    expect(groupPaths(paths())).toEqual(walked(chain));
  });

  it('fails closed past 32 levels', async () => {
    // 32 levels are read in full; a 33rd (a cycle, or a hierarchy built to outrun the check) is not
    // read, and counts as administering rather than as "no roles".
    const deepest = chainOf(32);
    const inReach = permitsWith(realmOf(deepest));
    expect(await inReach.permits.groupAdministersRealm(deepest[0])).toBe(false);
    expect(groupPaths(inReach.paths())).toEqual(walked(deepest));

    const deeper = chainOf(33);
    const pastReach = permitsWith(realmOf(deeper));
    expect(await pastReach.permits.groupAdministersRealm(deeper[0])).toBe(true);
    expect(groupPaths(pastReach.paths())).toEqual(walked(deepest));
  });

  it('a group gone meanwhile has no parent', async () => {
    // Removed between its mappings and its own read, or its parent removed: nothing is left to
    // inherit from, and the join that follows fails on its own (404).
    const gone = permitsWith((path) => (path === mappingsOf(NIGHT) ? roles() : undefined));
    expect(await gone.permits.groupAdministersRealm(NIGHT)).toBe(false);
    expect(groupPaths(gone.paths())).toEqual(walked([NIGHT]));

    const orphan = permitsWith((path) => group(path, NIGHT, OPS) ?? (path === mappingsOf(NIGHT) || path === mappingsOf(OPS) ? roles() : undefined));
    expect(await orphan.permits.groupAdministersRealm(NIGHT)).toBe(false);
    expect(groupPaths(orphan.paths())).toEqual(walked([NIGHT, OPS]));
  });

  it.each([
    ['a parent id that is no string', answer(200, { id: NIGHT, name: 'night', parentId: 42 })],
    ['a redirect', answer(302)],
    ['a 400', answer(400, { error: 'unknown_error' })],
  ])('refuses %s as a group (503), never reading it as "no parent"', async (_, malformed) => {
    const { permits } = permitsWith((path) => (path === mappingsOf(NIGHT) ? roles() : path === `/groups/${NIGHT}` ? malformed : undefined));
    await rejectionOf(permits.groupAdministersRealm(NIGHT), KeycloakUnavailableError);
  });
});

describe('KeycloakUserPermits refuses answers it cannot read (503), never reading them as "no roles"', () => {
  const MALFORMED: [string, KeycloakAnswer][] = [
    ['an object', answer(200, { name: 'realm-admin' })],
    ['a role without a name', answer(200, [{ id: 'role-1' }])],
    ['a role whose name is not a string', answer(200, [{ name: ['realm-admin'] }])],
    ['a null role', answer(200, [null])],
    ['no body', answer(200)],
    ['a redirect', answer(302)],
    ['a 400', answer(400, { error: 'unknown_error' })],
    ['a list under a status other than 200', answer(203, [])],
  ];

  it.each(MALFORMED)('refuses %s as a role mapping', async (_, malformed) => {
    const { permits } = permitsWith((path) => (path.includes('/role-mappings/clients/') || path.endsWith('/realm/composite') ? malformed : undefined));
    await rejectionOf(permits.administersRealm(ALICE), KeycloakUnavailableError);
    await rejectionOf(permits.groupAdministersRealm(OPS), KeycloakUnavailableError);
    await rejectionOf(permits.of(ALICE, ['staff']), KeycloakUnavailableError);
  });

  it.each([
    ['no such client', MODULE_LOOKUP, answer(200, [])],
    ['only another client (a search, not an exact match)', MODULE_LOOKUP, answer(200, [{ id: REALM_MANAGEMENT, clientId: 'stepgate-api-legacy' }])],
    ['a client whose id is no string', REALM_MANAGEMENT_LOOKUP, answer(200, [{ id: 42, clientId: 'realm-management' }])],
    ['an object for a list', REALM_MANAGEMENT_LOOKUP, answer(200, { id: REALM_MANAGEMENT, clientId: 'realm-management' })],
    ['a null entry', REALM_MANAGEMENT_LOOKUP, answer(200, [null])],
    ['a 404', MODULE_LOOKUP, answer(404, { error: 'not found' })],
  ])('refuses %s in the lookup of a client', async (_, lookup, malformed) => {
    const { permits, paths } = permitsWith((path) => (path === lookup ? malformed : path.includes('/role-mappings/clients/') ? roles() : undefined));
    await rejectionOf(permits.administersRealm(ALICE), KeycloakUnavailableError);
    expect(paths().some((path) => path.startsWith(`/users/${ALICE}`))).toBe(false);
  });
});

describe('KeycloakUserPermits on a realm that has not granted view-clients', () => {
  it('names the missing role for the operator rather than reading the refusal as "no roles"', async () => {
    const { permits, paths } = permitsWith((path) => (path.startsWith('/clients') ? answer(403, { error: 'HTTP 403 Forbidden' }) : roles()));
    const error = await rejectionOf(permits.administersRealm(ALICE), KeycloakServiceAccountError);
    expect(error.message).toContain('view-clients');
    expect(paths().some((path) => path.startsWith(`/users/${ALICE}`))).toBe(false);
  });
});

describe('KeycloakUserPermits keeps ids to one path segment', () => {
  it('encodes user and group ids, and the client ids Keycloak’s own answers name', async () => {
    const { permits, urls } = permitsWith((path) => {
      if (path === MODULE_LOOKUP) return answer(200, [{ id: '../../clients', clientId: 'stepgate-api' }]);
      if (path === REALM_MANAGEMENT_LOOKUP) return answer(200, [{ id: 'x?first=0#', clientId: 'realm-management' }]);
      // A parent id from Keycloak's answer goes into the next path, so it is held to one segment too.
      if (path === '/groups/..%2Fusers%2Fx') return answer(200, { id: '../users/x', name: 'x', parentId: '../users?y' });
      if (path === '/groups/..%2Fusers%3Fy') return answer(200, { id: '../users?y', name: 'y' });
      return roles();
    });
    await permits.of('../users/a?b#c', []);
    await permits.administersRealm('../users');
    await permits.groupAdministersRealm('../users/x');
    expect(urls.slice(2)).toEqual([
      `${ADMIN}/users/..%2Fusers%2Fa%3Fb%23c/role-mappings/realm/composite`,
      `${ADMIN}/users/..%2Fusers%2Fa%3Fb%23c/role-mappings/clients/..%2F..%2Fclients/composite`,
      `${ADMIN}/users/..%2Fusers/role-mappings/clients/x%3Ffirst%3D0%23/composite`,
      `${ADMIN}/groups/..%2Fusers%2Fx/role-mappings/clients/x%3Ffirst%3D0%23/composite`,
      `${ADMIN}/groups/..%2Fusers%2Fx`,
      `${ADMIN}/groups/..%2Fusers%3Fy/role-mappings/clients/x%3Ffirst%3D0%23/composite`,
      `${ADMIN}/groups/..%2Fusers%3Fy`,
    ]);
  });
});
