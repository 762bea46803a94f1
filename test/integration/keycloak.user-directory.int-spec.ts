// The Keycloak user directory against the real server: what an administrator sees and changes
// through /auth/users must be what the realm holds, a user created here must be able to sign in, and
// a path-like id must never reach another admin resource. A fake server would only echo our reading
// of the admin API; this suite pins Keycloak's own answers (stepgate realm, test/fixtures/keycloak).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../../libs/auth/src/domain/auth-error';
import { KeycloakRealm } from '../../libs/auth/src/adapters/keycloak/keycloak-realm';
import { KeycloakServiceAccount } from '../../libs/auth/src/adapters/keycloak/keycloak-service-account';
import { KeycloakUserDirectory } from '../../libs/auth/src/adapters/keycloak/keycloak-user-directory';
import { type DirectoryUser, UsernameTakenError } from '../../libs/auth/src/ports/user-directory';
import { uniqueTag } from '../../libs/auth/src/testing/unique-tag';
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
    const updated = await directory.update(dora.userId, { groups: ['editor', 'admin'], attributes: { department: 'it', floor: '3' } });
    expect(updated).toEqual({ ...dora, groups: ['admin', 'editor'], attributes: { department: 'it', floor: '3' } });
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

afterAll(async () => {
  if (directory) {
    const left = await directory.list({ page: 1, pageSize: 100, search: tag });
    await Promise.all(left.items.map((user) => directory.remove(user.userId)));
  }
  // A finished fetch lets go of its socket a moment after the body is read; a request left unread
  // would hold its socket for good and keep the test process alive. Give the former a second.
  const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP'));
  for (let waited = 0; sockets().length > 0 && waited < 1000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(sockets(), 'sockets still holding the process open').toEqual([]);
});
