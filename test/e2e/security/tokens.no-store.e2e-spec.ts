// Threat: tokens and user data kept by a cache. A shared proxy, a CDN or the browser's own cache
// that stores a token response hands the tokens to whoever asks next, or keeps them on disk after
// sign-out. RFC 6749 section 5.1: responses carrying tokens or credentials send
// `Cache-Control: no-store`; DESIGN.md section 5 extends it to every response with user data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer } from '../support/problem';

describe.each(['express', 'fastify'] as const)('responses with tokens or user data are not stored (%s)', (platform) => {
  let demo: DemoUnderTest;
  let admin: string;
  beforeAll(async () => {
    demo = await startDemo({ platform });
    admin = (await signIn(demo, 'admin')).access_token;
  });
  afterAll(() => demo?.close());

  const expectNoStore = (response: Response, status: number) => {
    expect(response.status, response.text).toBe(status);
    expect(response.headers['cache-control']).toMatch(/(^|,\s*)no-store(\s*,|$)/);
  };

  it('POST /auth/login and POST /auth/refresh (token responses)', async () => {
    const login = await demo.http.post('/auth/login').send({ username: 'alice', password: DEMO_PASSWORDS.alice });
    expectNoStore(login, 200);
    expectNoStore(await demo.http.post('/auth/refresh').send({ refresh_token: login.body.refresh_token }), 200);
  });

  it('POST /auth/validate/:step (a token response from the first step)', async () => {
    const response = await demo.http.post('/auth/validate/username-password').send({ options: { username: 'bob', password: DEMO_PASSWORDS.bob } });
    expectNoStore(response, 200);
    expect(response.body.access_token).toEqual(expect.any(String));
  });

  it('GET /auth/me, GET /auth/sessions and GET /auth/users (user data)', async () => {
    const alice = (await signIn(demo, 'alice')).access_token;
    expectNoStore(await demo.http.get('/auth/me').set(bearer(alice)), 200);
    expectNoStore(await demo.http.get('/auth/sessions').set(bearer(alice)), 200);
    expectNoStore(await demo.http.get('/auth/users').set(bearer(admin)), 200);
  });

  it('errors too (an error can name the user or the session)', async () => {
    expectNoStore(await demo.http.post('/auth/login').send({ username: 'alice', password: 'wrong' }), 401);
    expectNoStore(await demo.http.get('/auth/me'), 401);
  });

  it('the public keys stay cacheable: they are the same for everyone', async () => {
    const response = await demo.http.get('/auth/.well-known/jwks.json');
    expect(response.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(response.headers['cache-control']).not.toMatch(/no-store/);
  });
});
