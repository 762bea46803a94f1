import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alicePermits, DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { bearer, expectFieldError, expectNoLeak, expectProblem, PROBLEM_JSON } from './support/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe.each(['express', 'fastify'] as const)('POST /auth/login on %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  const login = (body: unknown) => demo.http.post('/auth/login').send(body as object);

  it('answers a completed sign-in with exactly the token response of the contract', async () => {
    const response = await login({ username: 'alice', password: DEMO_PASSWORDS.alice });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toStrictEqual({
      status: 'complete',
      access_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/),
      token_type: 'Bearer',
      expires_in: 900,
      session_id: expect.stringMatching(UUID),
      user: { id: expect.stringMatching(UUID), username: 'alice', permits: alicePermits() },
    });
  });

  it('matches usernames without regard to case', async () => {
    const response = await login({ username: 'ALICE', password: DEMO_PASSWORDS.alice });
    expect(response.status).toBe(200);
    expect(response.body.user.username).toBe('alice');
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
    expectProblem(await login({ username: 'alice', password: 'not-her-password' }), 401, 'INVALID_CREDENTIALS');
  });

  describe('track_session', () => {
    it('true: a stateful session whose access token is refused as soon as it is revoked', async () => {
      const tokens = await signIn(demo, 'alice', { track_session: true });
      const other = await signIn(demo, 'alice');
      expect((await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token))).status).toBe(200);
      expect((await demo.http.delete(`/auth/sessions/${tokens.session_id}`).set(bearer(other.access_token))).status).toBe(204);
      expectProblem(await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    });

    it('false: a stateless session whose access token keeps working until it expires, even once revoked', async () => {
      const tokens = await signIn(demo, 'alice', { track_session: false });
      const other = await signIn(demo, 'alice');
      const listed = await demo.http.get('/auth/sessions').set(bearer(other.access_token));
      expect(listed.body.items).toContainEqual(expect.objectContaining({ id: tokens.session_id, mode: 'stateless' }));
      expect((await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token))).body).toEqual({ message: 'Hello, alice!' });

      expect((await demo.http.delete(`/auth/sessions/${tokens.session_id}`).set(bearer(other.access_token))).status).toBe(204);
      const after = await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token));
      expect(after.status).toBe(200);
      expect(after.body).toEqual({ message: 'Hello, alice!' });
      // The session itself is over: its refresh token no longer buys a new pair.
      expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }), 401, 'SESSION_REVOKED');
    });

    it('refuses a non-boolean track_session', async () => {
      expectFieldError(await login({ username: 'alice', password: DEMO_PASSWORDS.alice, track_session: 'yes' }), 'track_session');
    });
  });

  describe('bad input answers 400 VALIDATION_FAILED, never 500', () => {
    const cases: Array<[string, unknown, string[]]> = [
      ['an empty object', {}, ['username', 'password']],
      ['no password', { username: 'alice' }, ['password']],
      ['no username', { password: 'x' }, ['username']],
      ['an extra field', { username: 'alice', password: DEMO_PASSWORDS.alice, role: 'admin' }, ['role']],
      ['numbers and booleans', { username: 42, password: true }, ['username', 'password']],
      ['objects and arrays', { username: { $ne: '' }, password: ['x'] }, ['username', 'password']],
      ['null values', { username: null, password: null }, ['username', 'password']],
      ['empty strings', { username: '', password: '' }, ['username', 'password']],
      ['a 129-character username', { username: 'a'.repeat(129), password: 'x' }, ['username']],
      ['a 1025-character password', { username: 'alice', password: 'p'.repeat(1025) }, ['password']],
      ['an array body', [{ username: 'alice', password: DEMO_PASSWORDS.alice }], ['username', 'password']],
    ];
    it.each(cases)('%s', async (_label, body, fields) => {
      const response = await login(body);
      for (const field of fields) expectFieldError(response, field);
      expect(response.body.errors.every((error: { field: unknown; message: unknown }) => typeof error.field === 'string' && typeof error.message === 'string')).toBe(true);
    });

    it('malformed JSON', async () => {
      const response = await demo.http.post('/auth/login').set('content-type', 'application/json').send('{"username": "alice", "password":');
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it('no body at all', async () => {
      expectFieldError(await demo.http.post('/auth/login'), 'username');
    });

    it.each([
      ['text/plain', `username=alice&password=${DEMO_PASSWORDS.alice}`],
      ['application/x-www-form-urlencoded', `username=alice&password=${DEMO_PASSWORDS.alice}`],
      ['application/xml', `<login><username>alice</username><password>${DEMO_PASSWORDS.alice}</password></login>`],
    ])('a %s body with the right credentials is not a sign-in', async (type, body) => {
      const response = await demo.http.post('/auth/login').set('content-type', type).send(body);
      // Express leaves a non-JSON body unread (400, fields missing); Fastify refuses its media type (415).
      expect([400, 415]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.text).not.toContain('access_token');
      expectNoLeak(response.text, [DEMO_PASSWORDS.alice]);
    });
  });

  it('answers a body over 100 kB with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await login({ username: 'alice', password: 'x'.repeat(101 * 1024) });
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('never echoes the password in a refusal', async () => {
    const secret = 'Sup3r-Secret-Passw0rd-Canary';
    for (const body of [{ username: 'alice', password: secret }, { username: 'alice', password: secret, extra: 1 }, { username: 'a'.repeat(200), password: secret }]) {
      const response = await login(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectNoLeak(response.text, [secret]);
    }
  });
});
