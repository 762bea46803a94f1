import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueTag } from '@stepgate/auth/testing';
import { DemoUnderTest, onKeycloak, signIn, startDemo } from './support/demo-app';
import { bearer, expectFieldError, expectProblem } from './support/problem';
import { removeTaggedUsers } from './support/tagged-users';

// In the keycloak project the users land in the shared realm: the tag keeps this run's apart from
// any other run's, and afterAll removes them by it.
const tag = uniqueTag();
let serial = 0;
/** A username no other test uses, so the tests share one demo without seeing each other's users. */
const fresh = (name: string) => `${name}-${tag}-${++serial}`;

describe.each(['express', 'fastify'] as const)('onboarding users over HTTP on %s', (platform) => {
  let demo: DemoUnderTest;
  let admin: string;
  beforeAll(async () => {
    demo = await startDemo({ platform });
    admin = (await signIn(demo, 'admin')).access_token;
  });
  afterAll(async () => {
    await removeTaggedUsers(demo, tag);
    await demo?.close();
  });

  const createUser = (body: object, token = admin) => demo.http.post('/auth/users').set(bearer(token)).send(body);
  const patchUser = (id: string, body: object, token = admin) => demo.http.patch(`/auth/users/${id}`).set(bearer(token)).send(body);
  const login = (username: string, password: string) => demo.http.post('/auth/login').send({ username, password });
  const changePassword = (token: string, current_password: string, new_password: string) =>
    demo.http.post('/auth/password').set(bearer(token)).send({ current_password, new_password });
  const secureData = (token: string) => demo.http.get('/demo/secure-data').set(bearer(token));

  async function created(username: string, password: string, extra: object = {}): Promise<{ id: string; username: string }> {
    const response = await createUser({ username, password, ...extra });
    if (response.status !== 201) throw new Error(`creating ${username} answered ${response.status}: ${response.text}`);
    return response.body;
  }
  async function tokensOf(username: string, password: string): Promise<{ access_token: string; refresh_token: string; user: { permits: string[] } }> {
    const response = await login(username, password);
    if (response.status !== 200) throw new Error(`sign-in of ${username} answered ${response.status}: ${response.text}`);
    return response.body;
  }

  describe('POST /auth/users', () => {
    it('creates a user (201, the users-list shape, not cached) who can then sign in', async () => {
      const username = fresh('dora');
      const response = await createUser({ username, password: 'plum tree at dawn', email: `${username}@example.com`, phone_number: '+15550100007', groups: ['staff'], attributes: { department: 'sales' } });

      expect(response.status).toBe(201);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toStrictEqual({ id: expect.any(String), username, email: `${username}@example.com`, permits: ['staff'], enabled: true });
      const signedIn = await login(username, 'plum tree at dawn');
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user).toEqual({ id: response.body.id, username, permits: ['staff'] });
      expect((await secureData(signedIn.body.access_token)).body).toEqual({ message: `Hello, ${username}!` });
    });

    it('is refused to a signed-in non-admin with 403 and without a token with 401, creating nobody', async () => {
      const username = fresh('mallory');
      const alice = (await signIn(demo, 'alice')).access_token;
      expectProblem(await createUser({ username, password: 'plum tree at dawn' }, alice), 403, 'FORBIDDEN');
      expectProblem(await demo.http.post('/auth/users').send({ username, password: 'plum tree at dawn' }), 401, 'UNAUTHENTICATED');
      expectProblem(await login(username, 'plum tree at dawn'), 401, 'INVALID_CREDENTIALS');
    });

    it.each([
      ['too short', 'seven77'],
      ['one of the most common', 'password1'],
      ['common in another case', 'BaseBall1'],
      ['the username itself', 'same-as-username'],
    ])('refuses a password that is %s with 400 naming password, creating nobody', async (_, password) => {
      const username = fresh(password === 'same-as-username' ? 'same-as-username' : 'weak');
      const sent = password === 'same-as-username' ? username : password;
      const response = await createUser({ username, password: sent });
      expectFieldError(response, 'password');
      expectProblem(await login(username, sent), 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a taken username in any case or width with 400 naming username', async () => {
      expectFieldError(await createUser({ username: 'ALICE', password: 'plum tree at dawn' }), 'username');
      expectFieldError(await createUser({ username: 'ａｌｉｃｅ', password: 'plum tree at dawn' }), 'username');
      expect((await login('alice', 'alice-demo-password')).status).toBe(200);
    });

    it.each([
      [{ phone_number: '555-0100' }, 'phone_number'],
      [{ email: 'not-an-email' }, 'email'],
      [{ groups: 'admin' }, 'groups'],
      [{ attributes: { department: 7 } }, 'attributes'],
      [{ attributes: { 'has space': 'x' } }, 'attributes'],
      // PostgreSQL cannot take NUL in a text parameter: an ABAC rule reading it would fail every list.
      [{ attributes: { department: 'res\u0000earch' } }, 'attributes'],
      [{ attributes: { department: 'line\nbreak' } }, 'attributes'],
      [{ attributes: { department: 'lone \ud800' } }, 'attributes'],
      [{ enabled: false }, 'enabled'],
    ])('refuses %j with 400 naming %s', async (extra, field) => {
      expectFieldError(await createUser({ username: fresh('odd'), password: 'plum tree at dawn', ...extra }), field);
    });

    it('accepts a passphrase of 64 and of 200 characters', async () => {
      for (const length of [64, 200]) {
        const username = fresh('long');
        const password = 'a quiet river runs beneath the old stone bridge '.repeat(5).slice(0, length);
        await created(username, password);
        expect((await login(username, password)).status).toBe(200);
        expectProblem(await login(username, password.slice(0, -1)), 401, 'INVALID_CREDENTIALS');
      }
    });

    it('treats a password typed in fullwidth letters as its NFKC form, in both directions', async () => {
      const typedWide = fresh('wide');
      await created(typedWide, 'ｆｕｌｌｗｉｄｔｈ ｓｅｃｒｅｔ');
      expect((await login(typedWide, 'fullwidth secret')).status).toBe(200);
      expect((await login(typedWide, 'ｆｕｌｌｗｉｄｔｈ ｓｅｃｒｅｔ')).status).toBe(200);

      const typedNarrow = fresh('narrow');
      await created(typedNarrow, 'narrow secret 42');
      expect((await login(typedNarrow, 'ｎａｒｒｏｗ ｓｅｃｒｅｔ ４２')).status).toBe(200);
      expectProblem(await login(typedNarrow, 'NARROW SECRET 42'), 401, 'INVALID_CREDENTIALS');
    });
  });

  describe('PATCH /auth/users/:id', () => {
    it('disabling ends the user’s sessions at once and refuses their sign-in; enabling lets them back', async () => {
      const username = fresh('nina');
      const { id } = await created(username, 'nina first passphrase');
      const session = await tokensOf(username, 'nina first passphrase');
      expect((await secureData(session.access_token)).status).toBe(200);

      const response = await patchUser(id, { enabled: false });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toStrictEqual({ id, username, permits: [], enabled: false });

      expectProblem(await secureData(session.access_token), 401, 'SESSION_REVOKED');
      expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: session.refresh_token }), 401, 'SESSION_REVOKED');
      expectProblem(await login(username, 'nina first passphrase'), 401, 'INVALID_CREDENTIALS');

      expect((await patchUser(id, { enabled: true })).body.enabled).toBe(true);
      expect((await login(username, 'nina first passphrase')).status).toBe(200);
    });

    it('setting a password ends every session; the old password is refused and the new one works', async () => {
      const username = fresh('omar');
      const { id } = await created(username, 'omar first passphrase');
      const laptop = await tokensOf(username, 'omar first passphrase');
      const phone = await tokensOf(username, 'omar first passphrase');

      expect((await patchUser(id, { password: 'omar second passphrase' })).status).toBe(200);

      expectProblem(await secureData(laptop.access_token), 401, 'SESSION_REVOKED');
      expectProblem(await secureData(phone.access_token), 401, 'SESSION_REVOKED');
      expectProblem(await login(username, 'omar first passphrase'), 401, 'INVALID_CREDENTIALS');
      expect((await login(username, 'omar second passphrase')).status).toBe(200);
    });

    it('changes groups and attributes: the next sign-in carries the new permits, and sessions stay', async () => {
      const username = fresh('pia');
      const { id } = await created(username, 'pia first passphrase', { groups: ['staff'] });
      const session = await tokensOf(username, 'pia first passphrase');

      const response = await patchUser(id, { groups: ['staff', 'editor'], attributes: { department: 'research' } });
      // The local directory keeps the order the groups were given in; the realm sorts group names.
      const permits = onKeycloak() ? ['editor', 'staff'] : ['staff', 'editor'];
      expect(response.body).toMatchObject({ id, permits, enabled: true });

      expect((await secureData(session.access_token)).status).toBe(200);
      expect((await tokensOf(username, 'pia first passphrase')).user.permits).toEqual(permits);
    });

    it('refuses a weak password naming password, and changes nothing else sent with it', async () => {
      const username = fresh('quin');
      const { id } = await created(username, 'quin first passphrase');
      const session = await tokensOf(username, 'quin first passphrase');

      expectFieldError(await patchUser(id, { password: '12345678', enabled: false }), 'password');
      expect((await secureData(session.access_token)).status).toBe(200);
      expect((await login(username, 'quin first passphrase')).status).toBe(200);
    });

    it('answers 404 for an unknown id, 403 for a non-admin and 401 without a token', async () => {
      expectProblem(await patchUser('0b7a4c55-8d6e-4f0a-9d0e-2f5c7d1e9a11', { enabled: false }), 404, 'NOT_FOUND');
      const bob = await signIn(demo, 'bob');
      expectProblem(await patchUser(bob.user.id, { groups: ['admin'] }, bob.access_token), 403, 'FORBIDDEN');
      expectProblem(await demo.http.patch(`/auth/users/${bob.user.id}`).send({ enabled: false }), 401, 'UNAUTHENTICATED');
      expect((await secureData(bob.access_token)).status).toBe(200);
    });
  });

  describe('POST /auth/password', () => {
    it('with a wrong current password: 401 INVALID_CREDENTIALS and nothing changes', async () => {
      const username = fresh('rosa');
      await created(username, 'rosa first passphrase');
      const current = await tokensOf(username, 'rosa first passphrase');
      const other = await tokensOf(username, 'rosa first passphrase');

      expectProblem(await changePassword(current.access_token, 'not my password', 'rosa second passphrase'), 401, 'INVALID_CREDENTIALS');
      expect((await secureData(other.access_token)).status).toBe(200);
      expect((await login(username, 'rosa first passphrase')).status).toBe(200);
    });

    it('with the right one: 204, the other session dies, this one lives, only the new password signs in', async () => {
      const username = fresh('sami');
      await created(username, 'sami first passphrase');
      const current = await tokensOf(username, 'sami first passphrase');
      const other = await tokensOf(username, 'sami first passphrase');

      const response = await changePassword(current.access_token, 'sami first passphrase', 'sami second passphrase');
      expect(response.status).toBe(204);
      expect(response.text).toBe('');

      expectProblem(await secureData(other.access_token), 401, 'SESSION_REVOKED');
      expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: other.refresh_token }), 401, 'SESSION_REVOKED');
      expect((await secureData(current.access_token)).status).toBe(200);
      expectProblem(await login(username, 'sami first passphrase'), 401, 'INVALID_CREDENTIALS');
      expect((await login(username, 'sami second passphrase')).status).toBe(200);
    });

    it('refuses a weak new password naming new_password, and unknown or missing fields', async () => {
      const username = fresh('tove');
      await created(username, 'tove first passphrase');
      const { access_token } = await tokensOf(username, 'tove first passphrase');

      expectFieldError(await changePassword(access_token, 'tove first passphrase', 'iloveyou'), 'new_password');
      expectFieldError(await demo.http.post('/auth/password').set(bearer(access_token)).send({ current_password: 'tove first passphrase' }), 'new_password');
      expectFieldError(await demo.http.post('/auth/password').set(bearer(access_token)).send({ current_password: 'x', new_password: 'tove second passphrase', force: true }), 'force');
      expect((await login(username, 'tove first passphrase')).status).toBe(200);
    });

    it('is refused without a token', async () => {
      expectProblem(await demo.http.post('/auth/password').send({ current_password: 'a', new_password: 'plum tree at dawn' }), 401, 'UNAUTHENTICATED');
    });
  });
});
