import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alicePermits, DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { bearer, expectFieldError, expectProblem } from './support/problem';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(['express', 'fastify'] as const)('sessions on %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  const get = (path: string, token: string) => demo.http.get(path).set(bearer(token));

  it('GET /auth/me describes the caller and this session', async () => {
    const tokens = await signIn(demo, 'alice');
    const response = await get('/auth/me', tokens.access_token);
    expect(response.status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    expect(response.body).toStrictEqual({
      id: tokens.user.id,
      username: 'alice',
      email: 'alice@example.com',
      permits: alicePermits(),
      mfa: { totp_enabled: false, methods: [] },
      session_id: tokens.session_id,
      acr: '1',
      amr: ['pwd'],
      auth_time: expect.any(Number),
    });
    expect(Math.abs(response.body.auth_time - now)).toBeLessThan(60);
  });

  it('GET /auth/me without a token is 401 UNAUTHENTICATED', async () => {
    const response = await demo.http.get('/auth/me');
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('GET /auth/sessions lists the caller’s own active sessions, marking the current one', async () => {
    const fresh = await startDemo({ platform });
    try {
      const first = await signIn(fresh, 'alice');
      const second = await signIn(fresh, 'alice', { track_session: false });
      const bobs = await signIn(fresh, 'bob');
      const response = await fresh.http.get('/auth/sessions').set(bearer(first.access_token));
      expect(response.status).toBe(200);
      expect(response.body.items.map((item: { id: string }) => item.id).sort()).toEqual([first.session_id, second.session_id].sort());
      expect(response.body.items).not.toContainEqual(expect.objectContaining({ id: bobs.session_id }));
      const current = response.body.items.find((item: { id: string }) => item.id === first.session_id);
      expect(current).toMatchObject({ current: true, mode: 'stateful', acr: '1', amr: ['pwd'], created_at: expect.stringMatching(ISO), expires_at: expect.stringMatching(ISO) });
      expect(response.body.items.find((item: { id: string }) => item.id === second.session_id)).toMatchObject({ current: false, mode: 'stateless' });
      // Newest first.
      expect(response.body.items[0].id).toBe(second.session_id);
    } finally {
      await fresh.close();
    }
  });

  it('DELETE /auth/sessions/:id of an own session: 204, its access token is refused, its refresh token fails', async () => {
    const keep = await signIn(demo, 'alice');
    const gone = await signIn(demo, 'alice');
    const response = await demo.http.delete(`/auth/sessions/${gone.session_id}`).set(bearer(keep.access_token));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectProblem(await get('/auth/me', gone.access_token), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: gone.refresh_token }), 401, 'SESSION_REVOKED');
    const listed = await get('/auth/sessions', keep.access_token);
    expect(listed.body.items).not.toContainEqual(expect.objectContaining({ id: gone.session_id }));
    expect((await get('/auth/me', keep.access_token)).status).toBe(200);
  });

  it('DELETE of a session already revoked is 404 NOT_FOUND', async () => {
    const keep = await signIn(demo, 'alice');
    const gone = await signIn(demo, 'alice');
    expect((await demo.http.delete(`/auth/sessions/${gone.session_id}`).set(bearer(keep.access_token))).status).toBe(204);
    expectProblem(await demo.http.delete(`/auth/sessions/${gone.session_id}`).set(bearer(keep.access_token)), 404, 'NOT_FOUND');
  });

  it('DELETE of another user’s session is 404 NOT_FOUND and leaves it working', async () => {
    const alice = await signIn(demo, 'alice');
    const bob = await signIn(demo, 'bob');
    expectProblem(await demo.http.delete(`/auth/sessions/${bob.session_id}`).set(bearer(alice.access_token)), 404, 'NOT_FOUND');
    expect((await get('/auth/me', bob.access_token)).body.session_id).toBe(bob.session_id);
    expect((await demo.http.post('/auth/refresh').send({ refresh_token: bob.refresh_token })).status).toBe(200);
  });

  it('DELETE of an unknown id is 404 NOT_FOUND', async () => {
    const alice = await signIn(demo, 'alice');
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-session', 'x'.repeat(90)]) {
      expectProblem(await demo.http.delete(`/auth/sessions/${id}`).set(bearer(alice.access_token)), 404, 'NOT_FOUND');
    }
    // Past Fastify's path-parameter limit the router refuses the URL itself (400); Express looks it up (404).
    const long = await demo.http.delete(`/auth/sessions/${'x'.repeat(500)}`).set(bearer(alice.access_token));
    expectProblem(long, platform === 'fastify' ? 400 : 404, platform === 'fastify' ? 'VALIDATION_FAILED' : 'NOT_FOUND');
  });

  it('session routes need a token', async () => {
    expectProblem(await demo.http.get('/auth/sessions'), 401, 'UNAUTHENTICATED');
    expectProblem(await demo.http.delete('/auth/sessions/whatever'), 401, 'UNAUTHENTICATED');
    expectProblem(await demo.http.post('/auth/logout'), 401, 'UNAUTHENTICATED');
  });

  describe('POST /auth/logout', () => {
    it('without session_id ends the current session: 204, then its tokens stop working', async () => {
      const tokens = await signIn(demo, 'bob');
      const response = await demo.http.post('/auth/logout').set(bearer(tokens.access_token)).send({});
      expect(response.status).toBe(204);
      expectProblem(await get('/auth/me', tokens.access_token), 401, 'SESSION_REVOKED');
      expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }), 401, 'SESSION_REVOKED');
    });

    it('with session_id ends that own session and leaves the current one alone', async () => {
      const current = await signIn(demo, 'bob');
      const other = await signIn(demo, 'bob');
      expect((await demo.http.post('/auth/logout').set(bearer(current.access_token)).send({ session_id: other.session_id })).status).toBe(204);
      expectProblem(await get('/auth/me', other.access_token), 401, 'SESSION_REVOKED');
      expect((await get('/auth/me', current.access_token)).status).toBe(200);
    });

    it('with another user’s session_id is 404 NOT_FOUND', async () => {
      const bob = await signIn(demo, 'bob');
      const alice = await signIn(demo, 'alice');
      expectProblem(await demo.http.post('/auth/logout').set(bearer(bob.access_token)).send({ session_id: alice.session_id }), 404, 'NOT_FOUND');
      expect((await get('/auth/me', alice.access_token)).status).toBe(200);
    });

    it('refuses bad bodies with 400', async () => {
      const bob = await signIn(demo, 'bob');
      expectFieldError(await demo.http.post('/auth/logout').set(bearer(bob.access_token)).send({ session_id: 7 }), 'session_id');
      expectFieldError(await demo.http.post('/auth/logout').set(bearer(bob.access_token)).send({ session_id: '' }), 'session_id');
      expectFieldError(await demo.http.post('/auth/logout').set(bearer(bob.access_token)).send({ everywhere: true }), 'everywhere');
      expect((await get('/auth/me', bob.access_token)).status).toBe(200);
    });
  });
});
