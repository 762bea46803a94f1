import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { bearer, expectFieldError, expectProblem } from './support/problem';

describe.each(['express', 'fastify'] as const)('POST /auth/refresh on %s', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform });
  });
  afterAll(() => demo?.close());

  const refresh = (body: unknown) => demo.http.post('/auth/refresh').send(body as object);

  it('returns a new pair for the same session and user', async () => {
    const first = await signIn(demo, 'alice');
    const response = await refresh({ refresh_token: first.refresh_token });
    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual({
      status: 'complete',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      session_id: first.session_id,
      user: first.user,
    });
    expect(response.body.access_token).not.toBe(first.access_token);
    expect(response.body.refresh_token).not.toBe(first.refresh_token);
  });

  it('hands out an access token that works on the same session', async () => {
    const first = await signIn(demo, 'bob');
    const second = (await refresh({ refresh_token: first.refresh_token })).body;
    const me = await demo.http.get('/auth/me').set(bearer(second.access_token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'bob', session_id: first.session_id });
  });

  it('spends the presented refresh token: it never works twice', async () => {
    const first = await signIn(demo, 'alice');
    expect((await refresh({ refresh_token: first.refresh_token })).status).toBe(200);
    expectProblem(await refresh({ refresh_token: first.refresh_token }), 401, 'REFRESH_TOKEN_REUSED');
  });

  it('chains: each new refresh token can be exchanged once in turn', async () => {
    let token = (await signIn(demo, 'alice')).refresh_token;
    for (let i = 0; i < 3; i++) {
      const response = await refresh({ refresh_token: token });
      expect(response.status).toBe(200);
      token = response.body.refresh_token;
    }
  });

  it('refuses an unknown refresh token with 401 TOKEN_INVALID and an invalid_token challenge', async () => {
    const response = await refresh({ refresh_token: 'x'.repeat(43) });
    expectProblem(response, 401, 'TOKEN_INVALID');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('does not take the session id for a refresh token', async () => {
    const { session_id } = await signIn(demo, 'bob');
    expectProblem(await refresh({ refresh_token: session_id }), 401, 'TOKEN_INVALID');
  });

  it('refuses an access token in place of a refresh token (400: longer than any refresh token)', async () => {
    const { access_token } = await signIn(demo, 'bob');
    expectFieldError(await refresh({ refresh_token: access_token }), 'refresh_token');
  });

  it.each([
    ['no field', {}],
    ['an empty string', { refresh_token: '' }],
    ['a number', { refresh_token: 12345 }],
    ['an object', { refresh_token: { $gt: '' } }],
    ['513 characters', { refresh_token: 'r'.repeat(513) }],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body) => {
    expectFieldError(await refresh(body), 'refresh_token');
  });

  it('refuses an extra field with 400 VALIDATION_FAILED naming it', async () => {
    const { refresh_token } = await signIn(demo, 'bob');
    expectFieldError(await refresh({ refresh_token, session_id: 'x' }), 'session_id');
    // The refused request did not spend the token.
    expect((await refresh({ refresh_token })).status).toBe(200);
  });

  it('refuses malformed JSON with 400', async () => {
    expectProblem(await demo.http.post('/auth/refresh').set('content-type', 'application/json').send('{"refresh_token"'), 400, 'VALIDATION_FAILED');
  });
});
