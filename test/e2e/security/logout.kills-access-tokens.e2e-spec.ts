// Threat: a token that outlives its logout. A user who signs out of a shared or stolen device expects
// that device's tokens to stop working now, not when they expire (stateful mode, DESIGN.md section 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer, expectProblem } from '../support/problem';

describe.each(['express', 'fastify'] as const)('logout ends the session at once (%s, stateful)', (platform) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ platform, mode: 'stateful' });
  });
  afterAll(() => demo?.close());

  it('the same access token gets 401 SESSION_REVOKED right after logout, on every route', async () => {
    const tokens = await signIn(demo, 'alice');
    // Used once first, so any cache of "this token is fine" is warm.
    expect((await demo.http.get('/demo/secure-data').set(bearer(tokens.access_token))).status).toBe(200);
    expect((await demo.http.post('/auth/logout').set(bearer(tokens.access_token))).status).toBe(204);
    for (const path of ['/demo/secure-data', '/auth/me', '/auth/sessions']) {
      const response = await demo.http.get(path).set(bearer(tokens.access_token));
      expectProblem(response, 401, 'SESSION_REVOKED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
    expectProblem(await demo.http.post('/auth/logout').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
  });

  it('its refresh token no longer buys a new pair', async () => {
    const tokens = await signIn(demo, 'bob');
    expect((await demo.http.post('/auth/logout').set(bearer(tokens.access_token))).status).toBe(204);
    expectProblem(await demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }), 401, 'SESSION_REVOKED');
  });

  it('access tokens minted by refresh before the logout die with it too', async () => {
    const first = await signIn(demo, 'bob');
    const second = (await demo.http.post('/auth/refresh').send({ refresh_token: first.refresh_token })).body;
    expect((await demo.http.post('/auth/logout').set(bearer(second.access_token))).status).toBe(204);
    expectProblem(await demo.http.get('/auth/me').set(bearer(first.access_token)), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.get('/auth/me').set(bearer(second.access_token)), 401, 'SESSION_REVOKED');
  });

  it('the user’s other sessions keep working', async () => {
    const phone = await signIn(demo, 'alice');
    const laptop = await signIn(demo, 'alice');
    expect((await demo.http.post('/auth/logout').set(bearer(phone.access_token))).status).toBe(204);
    expect((await demo.http.get('/auth/me').set(bearer(laptop.access_token))).status).toBe(200);
  });
});
