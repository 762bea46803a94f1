// The Keycloak user directory against the real server: what an administrator sees and changes
// through /auth/users must be what the realm holds, a user created here must be able to sign in, and
// a path-like id must never reach another admin resource. A fake server would only echo our reading
// of the admin API; this suite pins Keycloak's own answers (stepgate realm, test/fixtures/keycloak).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationFailedError } from '../../libs/auth/src/domain/auth-error';
import { KeycloakAccessTokenVerifier } from '../../libs/auth/src/adapters/keycloak/keycloak-access-token.verifier';
import { KeycloakRealm } from '../../libs/auth/src/adapters/keycloak/keycloak-realm';
import { KeycloakServiceAccount } from '../../libs/auth/src/adapters/keycloak/keycloak-service-account';
import { KeycloakUserDirectory } from '../../libs/auth/src/adapters/keycloak/keycloak-user-directory';
import { type DirectoryUser, UsernameTakenError } from '../../libs/auth/src/ports/user-directory';
import { uniqueTag } from '../../libs/auth/src/testing/unique-tag';
import { masterAdmin, realmPasswordGrant } from '../support/keycloak-server';
import { rejectionOf } from '../support/rejection';

const START = 'start it with `bash scripts/keycloak.sh` and export the KEYCLOAK_* lines it prints';
const SETTINGS = ['KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET'] as const;
const tag = uniqueTag();

let realm: KeycloakRealm;
let account: KeycloakServiceAccount;
let directory: KeycloakUserDirectory;

/** Reads the settings and asks the realm once; rejects, naming the script, without a server. */
async function reachRealm(): Promise<void> {
  const missing = SETTINGS.filter((name) => !process.env[name]);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not set; Keycloak is needed: ${START}`);
  realm = new KeycloakRealm({
    url: process.env.KEYCLOAK_URL!,
    realm: process.env.KEYCLOAK_REALM!,
    clientId: process.env.KEYCLOAK_CLIENT_ID!,
    clientSecret: process.env.KEYCLOAK_CLIENT_SECRET!,
    timeoutMs: 10_000,
  });
  account = new KeycloakServiceAccount(realm);
  directory = new KeycloakUserDirectory(realm, { serviceAccount: account });
  try {
    await directory.findByUsername('alice');
  } catch (error) {
    throw new Error(`Keycloak realm ${realm.name} at ${process.env.KEYCLOAK_URL} is not answering; ${START}`, { cause: error });
  }
}
let reached: Promise<void> | undefined;

// Every test fails, none is skipped, without a server: a suite that skips proves nothing in CI
// (a failing beforeAll would report the tests as skipped).
beforeEach(() => (reached ??= reachRealm()));

/** The password grant's status, read with plain fetch; a session it opens is ended at once. */
async function signIn(username: string, password: string): Promise<number> {
  const form = { ...realm.clientCredentials(), grant_type: 'password', username, password };
  const answer = await fetch(realm.tokenEndpoint, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(10_000) });
  const body = (await answer.json()) as { refresh_token?: string; error?: string };
  if (body.refresh_token) {
    const logout = await fetch(realm.logoutEndpoint, { method: 'POST', body: new URLSearchParams({ ...realm.clientCredentials(), refresh_token: body.refresh_token }) });
    await logout.arrayBuffer();
  }
  return answer.status;
}

const usernames = (users: readonly DirectoryUser[]) => users.map((user) => user.username);

describe('the demo users, read through the directory', () => {
  it('finds alice by id and by a username typed in another case or width, with groups, email and department', async () => {
    const alice = await directory.findByUsername('ALICE');
    expect(alice).toEqual({ userId: expect.any(String), username: 'alice', email: 'alice@example.com', enabled: true, groups: ['editor', 'staff'], attributes: { department: 'research' } });
    expect(await directory.findByUsername('ａｌｉｃｅ')).toEqual(alice);
    expect(await directory.findById(alice!.userId)).toEqual(alice);
  });

  it('gives bob his phone number apart from the attributes, and no email', async () => {
    const bob = await directory.findByUsername('bob');
    expect(bob).toEqual({ userId: expect.any(String), username: 'bob', phoneNumber: '+15550100002', enabled: true, groups: ['staff'], attributes: { department: 'research' } });
  });

  it('knows no unknown user, and not the client’s own service account', async () => {
    expect(await directory.findByUsername(`nobody-${tag}`)).toBeUndefined();
    expect(await directory.findById(randomUUID())).toBeUndefined();
    expect(await directory.findByUsername(`service-account-${realm.clientId}`)).toBeUndefined();
    const own = await account.userId();
    expect(own).toMatch(/^[0-9a-f-]{36}$/);
    expect(await directory.findById(own!)).toBeUndefined();
    // That it is never removed or changed either is the path-safety unit spec's to show: here a
    // slip would take the realm's service account from every suite sharing this server.
  });

  it('treats path-like ids as unknown users', async () => {
    const alice = (await directory.findByUsername('alice'))!;
    for (const id of ['../users', '..', '%2e%2e', `${alice.userId}/groups`, `${alice.userId}?max=1`, `../users/${alice.userId}`, '', alice.userId.toUpperCase()]) {
      expect(await directory.findById(id), id).toBeUndefined();
    }
    // Writes only with an id that, were the check missing, would reach a path Keycloak refuses
    // (PUT or DELETE on /users itself): other suites share alice. The unit spec shows no call is made.
    expect(await directory.update('../users', { enabled: false })).toBeUndefined();
    expect(await directory.changePassword('../users', 'alice-demo-password', 'changed-by-a-path')).toBe('not_found');
    await directory.remove('../users');
    expect(await directory.findById(alice.userId)).toEqual(alice);
  });
});

describe('listing and searching', () => {
  let created: Promise<void> | undefined;
  const names = { amy: `${tag}-amy`, ben: `${tag}-ben`, cat: `${tag}-cat` };
  beforeEach(() =>
    (created ??= (async () => {
      await directory.create({ username: names.amy, password: `${tag}-amy-password`, email: `amy.${tag}@example.test` });
      await directory.create({ username: names.ben, password: `${tag}-ben-password` });
      await directory.create({ username: names.cat, password: `${tag}-cat-password`, email: `cat.${tag}@example.test`, groups: ['staff'] });
    })()));

  it('pages a search in username order, each page with the same total', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => directory.list({ page, pageSize: 2, search: tag })));
    expect(pages.map((page) => usernames(page.items))).toEqual([[names.amy, names.ben], [names.cat], []]);
    expect(pages.map((page) => page.total)).toEqual([3, 3, 3]);
    expect(pages[1].items[0]).toMatchObject({ email: `cat.${tag}@example.test`, groups: ['staff'], enabled: true });
  });

  it('finds a user by a substring of the username in any case, and by one of the email alone', async () => {
    expect(usernames((await directory.list({ page: 1, pageSize: 10, search: `${tag.toUpperCase()}-BE` })).items)).toEqual([names.ben]);
    const byEmail = await directory.list({ page: 1, pageSize: 10, search: `t.${tag}@example` });
    expect(usernames(byEmail.items)).toEqual([names.cat]);
    expect(byEmail.total).toBe(1);
    expect(await directory.list({ page: 1, pageSize: 10, search: `${tag}-nobody` })).toEqual({ items: [], total: 0 });
  });

  it('takes % and _ literally, and Keycloak’s id: prefix as plain text', async () => {
    expect((await directory.list({ page: 1, pageSize: 10, search: '%' })).total).toBe(0);
    expect((await directory.list({ page: 1, pageSize: 10, search: '_' })).total).toBe(0);
    const alice = (await directory.findByUsername('alice'))!;
    expect((await directory.list({ page: 1, pageSize: 10, search: `id:${alice.userId}` })).total).toBe(0);
  });

  it('matches first and last names too, as Keycloak’s search does, and counts what it lists', async () => {
    // The demo users' last name is "Demo"; see KeycloakUserDirectory for why the count must agree.
    const demo = await directory.list({ page: 1, pageSize: 50, search: 'demo' });
    expect(usernames(demo.items)).toEqual(expect.arrayContaining(['admin', 'alice', 'bob', 'carol']));
    expect(demo.total).toBe(demo.items.length);
  });

  it('lists everyone in username order without the service account, with a total at least as long', async () => {
    const all = await directory.list({ page: 1, pageSize: 100 });
    const listed = usernames(all.items);
    expect(listed).toEqual([...listed].sort());
    expect(listed).toEqual(expect.arrayContaining(['admin', 'alice', 'bob', 'carol', names.amy, names.ben, names.cat]));
    expect(listed.some((name) => name.startsWith('service-account-'))).toBe(false);
    expect(all.total).toBeGreaterThanOrEqual(Math.min(all.items.length, 100));
    expect((await directory.list({ page: 1, pageSize: 2 })).items).toHaveLength(2);
  });
});

describe('a user’s life: create, sign in, change, remove', () => {
  const username = `${tag}-dora`;
  const passwords = { first: `${tag}-first-password`, admin: `${tag}-set-by-admin`, mine: `${tag}-chosen-by-dora` };
  let dora: DirectoryUser;

  it('creates the user with email, phone, groups and attributes, and they can sign in with the password grant', async () => {
    dora = await directory.create({ username, password: passwords.first, email: `dora.${tag}@example.test`, phoneNumber: '+15550100777', groups: ['staff'], attributes: { department: 'sales' } });
    expect(dora).toEqual({ userId: expect.stringMatching(/^[0-9a-f-]{36}$/), username, email: `dora.${tag}@example.test`, phoneNumber: '+15550100777', enabled: true, groups: ['staff'], attributes: { department: 'sales' } });
    expect(await directory.findById(dora.userId)).toEqual(dora);
    expect(await directory.findByUsername(username.toUpperCase())).toEqual(dora);
    expect(await signIn(username, passwords.first)).toBe(200);
  });

  it('refuses the same username in another case, and an unknown group without leaving a user behind', async () => {
    await rejectionOf(directory.create({ username: username.toUpperCase(), password: passwords.first }), UsernameTakenError);
    const unknown = await rejectionOf(directory.create({ username: `${tag}-eve`, password: passwords.first, groups: ['staff', `no-such-group-${tag}`] }), ValidationFailedError);
    expect(unknown.errors).toEqual([{ field: 'groups', message: expect.stringContaining(`no-such-group-${tag}`) }]);
    expect(await directory.findByUsername(`${tag}-eve`)).toBeUndefined();
    const reserved = await rejectionOf(directory.create({ username: `${tag}-eve`, password: passwords.first, attributes: { email: 'evil@example.test' } }), ValidationFailedError);
    expect(reserved.errors.map((error) => error.field)).toEqual(['attributes.email']);
  });

  it('replaces groups and attributes, keeping email and phone', async () => {
    // Only the attributes the app reads (`department`) are written; others are refused elsewhere.
    const updated = await directory.update(dora.userId, { groups: ['editor', 'admin'], attributes: { department: 'it' } });
    expect(updated).toEqual({ ...dora, groups: ['admin', 'editor'], attributes: { department: 'it' } });
    expect(await directory.findById(dora.userId)).toEqual(updated);
    const refused = await rejectionOf(directory.update(dora.userId, { groups: ['staff', `no-such-group-${tag}`] }), ValidationFailedError);
    expect(refused.errors[0].field).toBe('groups');
    expect((await directory.findById(dora.userId))?.groups).toEqual(['admin', 'editor']);
    dora = (await directory.update(dora.userId, { groups: ['staff'] }))!;
    expect(dora.groups).toEqual(['staff']);
  });

  it('disables and enables the user: a disabled user cannot sign in', async () => {
    expect((await directory.update(dora.userId, { enabled: false }))?.enabled).toBe(false);
    expect(await signIn(username, passwords.first)).toBe(400);
    expect(await directory.update(dora.userId, { enabled: true })).toEqual(dora);
    expect(await signIn(username, passwords.first)).toBe(200);
  });

  it('sets a password for an administrator: the old one stops working', async () => {
    expect(await directory.update(dora.userId, { password: passwords.admin })).toEqual(dora);
    expect(await signIn(username, passwords.first)).toBe(400);
    expect(await signIn(username, passwords.admin)).toBe(200);
  });

  it('changes the password only from the right current one, and leaves no realm session behind', async () => {
    expect(await directory.changePassword(dora.userId, passwords.first, passwords.mine)).toBe('wrong_password');
    expect(await directory.changePassword(dora.userId, passwords.admin, passwords.mine)).toBe('changed');
    expect(await signIn(username, passwords.admin)).toBe(400);
    expect(await signIn(username, passwords.mine)).toBe(200);
    const sessions = await account.admin(`/users/${dora.userId}/sessions`, { role: 'view-users' });
    expect(sessions.body).toEqual([]);
  });

  it('lets exactly one of two parallel changes from the same password succeed', async () => {
    const next = [`${tag}-racer-one`, `${tag}-racer-two`];
    const outcomes = await Promise.all(next.map((password) => directory.changePassword(dora.userId, passwords.mine, password)));
    expect([...outcomes].sort()).toEqual(['changed', 'wrong_password']);
    const winner = next[outcomes.indexOf('changed')];
    const loser = next[outcomes.indexOf('wrong_password')];
    expect(await signIn(username, winner)).toBe(200);
    expect(await signIn(username, loser)).toBe(400);
  });

  it('removes the user; removing again is fine, and the id is unknown from then on', async () => {
    await directory.remove(dora.userId);
    expect(await directory.findById(dora.userId)).toBeUndefined();
    await directory.remove(dora.userId);
    expect(await directory.update(dora.userId, { enabled: true })).toBeUndefined();
    expect(await directory.changePassword(dora.userId, passwords.mine, passwords.first)).toBe('not_found');
  });
});

// The server's administrator sets up what the directory must refuse (the service account cannot
// grant roles): users, groups and roles of this run's own, each removed after its test.
describe('realm administration stays out of the module’s reach, and permits are the tokens’', () => {
  type Admin = Awaited<ReturnType<typeof masterAdmin>>;
  let admin: Admin;
  let madeInRealm: string[] = [];
  // The master realm's tokens live a minute: one per test, and one more for the clean-up.
  beforeEach(async () => {
    admin = await masterAdmin();
  });
  afterEach(async () => {
    const made = madeInRealm.reverse();
    madeInRealm = [];
    if (made.length === 0) return;
    const cleaner = await masterAdmin();
    const left: string[] = [];
    for (const path of made) {
      const removed = await cleaner(path, { method: 'DELETE' });
      if (removed.status !== 204 && removed.status !== 404) left.push(`${path}: ${removed.status}`);
    }
    expect(left, 'left in the shared realm').toEqual([]);
  });

  const ok = (answer: { status: number; body: unknown }, status = 201) => expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

  /** A user made by the realm's administrator, as one made in Keycloak's console would be. */
  async function realmUser(name: string, password: string, attributes: Record<string, string[]> = {}): Promise<string> {
    ok(await admin('/users', json({ username: name, firstName: name, lastName: name, enabled: true, attributes, credentials: [{ type: 'password', value: password, temporary: false }] })));
    const [user] = (await admin(`/users?${new URLSearchParams({ username: name, exact: 'true' })}`)).body as { id: string }[];
    madeInRealm.push(`/users/${user.id}`);
    return user.id;
  }

  async function realmGroup(name: string, parentId?: string): Promise<string> {
    ok(await admin(parentId ? `/groups/${parentId}/children` : '/groups', json({ name })));
    const found = (await admin(parentId ? `/groups/${parentId}/children` : `/groups?${new URLSearchParams({ search: name, exact: 'true' })}`)).body as { id: string; name: string }[];
    const id = found.find((group) => group.name === name)!.id;
    if (!parentId) madeInRealm.push(`/groups/${id}`);
    return id;
  }

  const clientUuid = async (clientId: string): Promise<string> => ((await admin(`/clients?${new URLSearchParams({ clientId })}`)).body as { id: string }[])[0].id;

  async function clientRole(clientId: string, name: string, make = false): Promise<unknown> {
    const client = await clientUuid(clientId);
    if (make) {
      ok(await admin(`/clients/${client}/roles`, json({ name })));
      madeInRealm.push(`/clients/${client}/roles/${encodeURIComponent(name)}`);
    }
    return (await admin(`/clients/${client}/roles/${encodeURIComponent(name)}`)).body;
  }

  async function grantClientRole(holder: string, clientId: string, role: string): Promise<void> {
    ok(await admin(`${holder}/role-mappings/clients/${await clientUuid(clientId)}`, json([await clientRole(clientId, role)])), 204);
  }

  it('refuses to set the password of, change or remove a user holding a realm-management role (a module admin taking over the realm)', async () => {
    const password = `${tag}-rex-password`;
    const rex = await realmUser(`${tag}-rex`, password);
    await grantClientRole(`/users/${rex}`, 'realm-management', 'manage-clients');
    // The same power reached through a group, and through a composite (realm-admin holds them all).
    const ria = await realmUser(`${tag}-ria`, password);
    const admins = await realmGroup(`${tag}-realm-admins`);
    await grantClientRole(`/groups/${admins}`, 'realm-management', 'realm-admin');
    ok(await admin(`/users/${ria}/groups/${admins}`, { method: 'PUT' }), 204);

    for (const [id, name] of [[rex, `${tag}-rex`], [ria, `${tag}-ria`]]) {
      const before = await directory.findById(id);
      expect(before, name).toMatchObject({ userId: id, username: name, enabled: true });
      // Readable, but their realm-management roles are no permits of the module.
      expect(before!.groups.filter((permit) => ['manage-clients', 'realm-admin', 'manage-users'].includes(permit))).toEqual([]);
      await rejectionOf(directory.update(id, { password: `${tag}-taken-over` }), ForbiddenError);
      await rejectionOf(directory.update(id, { enabled: false }), ForbiddenError);
      await rejectionOf(directory.update(id, { attributes: { department: 'it' } }), ForbiddenError);
      await rejectionOf(directory.update(id, { groups: ['staff'] }), ForbiddenError);
      await rejectionOf(directory.remove(id), ForbiddenError);
      expect(await directory.findById(id), name).toEqual(before);
      expect(await signIn(name, password), name).toBe(200);
      expect(await signIn(name, `${tag}-taken-over`), name).toBe(400);
    }
  });

  /** A create the directory must refuse; should it not, the user it made is removed with the rest. */
  function refusedCreate(username: string, groups: string[]) {
    const attempt = directory.create({ username, password: `${username}-password`, groups });
    void attempt.then((user) => madeInRealm.push(`/users/${user.userId}`), () => undefined);
    return rejectionOf(attempt, ValidationFailedError);
  }

  /** Refuses `group` on create and on update, and leaves the user who asked as they were. */
  async function assertGroupRefused(group: string): Promise<void> {
    const refused = await refusedCreate(`${tag}-gus`, ['staff', group]);
    expect(refused.errors).toEqual([{ field: 'groups', message: expect.stringContaining(group) }]);
    expect(await directory.findByUsername(`${tag}-gus`)).toBeUndefined();

    const hal = await directory.create({ username: `${tag}-hal`, password: `${tag}-hal-password`, groups: ['staff'] });
    madeInRealm.push(`/users/${hal.userId}`);
    const changed = await rejectionOf(directory.update(hal.userId, { groups: ['staff', group], enabled: false }), ValidationFailedError);
    expect(changed.errors.map((error) => error.field)).toEqual(['groups']);
    expect(await directory.findById(hal.userId)).toEqual(hal);
    const realmManagement = await clientUuid('realm-management');
    expect((await admin(`/users/${hal.userId}/role-mappings/clients/${realmManagement}/composite`)).body).toEqual([]);
  }

  it('refuses to put a user in a group whose membership administers the realm', async () => {
    const ops = await realmGroup(`${tag}-ops`);
    await grantClientRole(`/groups/${ops}`, 'realm-management', 'manage-users');
    await assertGroupRefused(`${tag}-ops`);
  });

  it('refuses a subgroup of such a group too: its members hold the parent’s roles', async () => {
    const ops = await realmGroup(`${tag}-ops`);
    await grantClientRole(`/groups/${ops}`, 'realm-management', 'manage-users');
    await realmGroup(`${tag}-ops-night`, ops);
    await assertGroupRefused(`${tag}-ops-night`);
  });

  // An attribute the directory does not show may be one another client's token mapper reads: a
  // module admin changing the department must neither delete it nor be able to write it.
  it('changing the managed attributes keeps the realm’s own attributes', async () => {
    const kim = await realmUser(`${tag}-kim`, `${tag}-kim-password`, { department: ['finance'], internal_note: ['under review'] });
    const updated = await directory.update(kim, { attributes: { department: 'sales' } });
    expect(updated).toMatchObject({ userId: kim, attributes: { department: 'sales' } });
    const held = (await admin(`/users/${kim}`)).body as { attributes?: Record<string, string[]> };
    expect(held.attributes).toMatchObject({ department: ['sales'], internal_note: ['under review'] });
  });

  it('refuses to write an attribute the app does not manage', async () => {
    const kim = await realmUser(`${tag}-kim`, `${tag}-kim-password`, { department: ['finance'], internal_note: ['under review'] });
    const before = (await admin(`/users/${kim}`)).body;
    const refused = await rejectionOf(directory.update(kim, { attributes: { department: 'x', internal_note: 'y' } }), ValidationFailedError);
    expect(refused.errors.map((error) => error.field)).toEqual(['attributes.internal_note']);
    // Nothing written: not the unmanaged attribute, and not the department beside it.
    expect((await admin(`/users/${kim}`)).body).toEqual(before);
    expect((before as { attributes?: Record<string, string[]> }).attributes).toMatchObject({ department: ['finance'], internal_note: ['under review'] });
  });

  it('gives a user the realm roles and client roles a token of theirs carries, and no unmapped attribute', async () => {
    const password = `${tag}-ivy-password`;
    const ivy = await realmUser(`${tag}-ivy`, password, { department: ['finance'], internal_note: ['under review'] });
    const staff = ((await admin(`/groups?${new URLSearchParams({ search: 'staff', exact: 'true' })}`)).body as { id: string; name: string }[]).find((group) => group.name === 'staff')!.id;
    ok(await admin(`/users/${ivy}/groups/${staff}`, { method: 'PUT' }), 204);
    // A realm role held directly, holding a realm role and a client role of its own (held, not
    // mapped: only the effective roles find them, as the token has them), and a client role held directly.
    for (const name of [`${tag}-auditor`, `${tag}-viewer`]) {
      ok(await admin('/roles', json({ name })));
      madeInRealm.push(`/roles/${encodeURIComponent(name)}`);
    }
    const viewer = (await admin(`/roles/${encodeURIComponent(`${tag}-viewer`)}`)).body;
    const reader = await clientRole(realm.clientId, `${tag}-reader`, true);
    ok(await admin(`/roles/${encodeURIComponent(`${tag}-auditor`)}/composites`, json([viewer, reader])), 204);
    ok(await admin(`/users/${ivy}/role-mappings/realm`, json([(await admin(`/roles/${encodeURIComponent(`${tag}-auditor`)}`)).body])), 204);
    await clientRole(realm.clientId, `${tag}-approver`, true);
    await grantClientRole(`/users/${ivy}`, realm.clientId, `${tag}-approver`);

    const found = await directory.findById(ivy);
    expect(found).toEqual({ userId: ivy, username: `${tag}-ivy`, enabled: true, groups: ['staff', `${tag}-approver`, `${tag}-auditor`, `${tag}-reader`, `${tag}-viewer`], attributes: { department: 'finance' } });
    expect(await directory.findByUsername(`${tag}-ivy`)).toEqual(found);
    expect((await directory.list({ page: 1, pageSize: 10, search: `${tag}-ivy` })).items).toEqual([found]);

    const { access_token } = await realmPasswordGrant(`${tag}-ivy`, password);
    const access = await new KeycloakAccessTokenVerifier({ realm }).verify(access_token, new Date());
    expect([...access.identity.groups].sort()).toEqual(found!.groups);
    expect(access.identity.attributes).toEqual(found!.attributes);
  });
});

afterAll(async () => {
  if (await reached?.then(() => true, () => false)) {
    // The directory refuses to remove a realm administrator, so the sweep is the server's
    // administrator's: whatever a failed test left that carries this run's tag.
    const admin = await masterAdmin();
    const module = ((await admin(`/clients?${new URLSearchParams({ clientId: realm.clientId })}`)).body as { id: string }[])[0].id;
    const search = `?${new URLSearchParams({ search: `*${tag}*`, max: '1000' })}`;
    const kinds = [
      ['/users', (item: { id: string }) => `/users/${item.id}`],
      ['/groups', (item: { id: string }) => `/groups/${item.id}`],
      ['/roles', (item: { name: string }) => `/roles/${encodeURIComponent(item.name)}`],
      [`/clients/${module}/roles`, (item: { name: string }) => `/clients/${module}/roles/${encodeURIComponent(item.name)}`],
    ] as const;
    const left: string[] = [];
    for (const [list, path] of kinds) {
      const items = ((await admin(`${list}${search}`)).body as { id: string; name: string; username?: string }[]).filter((item) => (item.username ?? item.name).includes(tag));
      for (const item of items) await admin(path(item), { method: 'DELETE' });
      const still = ((await admin(`${list}${search}`)).body as { name?: string; username?: string }[]).filter((item) => (item.username ?? item.name ?? '').includes(tag));
      left.push(...still.map((item) => `${list}: ${item.username ?? item.name}`));
    }
    expect(left, 'left in the shared realm').toEqual([]);
  }
  // A finished fetch lets go of its socket a moment after the body is read; a request left unread
  // would hold its socket for good and keep the test process alive. Give the former a second.
  const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP'));
  for (let waited = 0; sockets().length > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(sockets(), 'sockets still holding the process open').toEqual([]);
});
