// Threat: a stolen refresh token. Rotation alone lets a thief who refreshes first keep the session;
// detecting a spent token coming back (RFC 9700 section 4.14.2) and revoking the whole family
// locks out both the thief and the victim's copy, so the theft ends the session instead of hiding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../support/demo-app';
import { bearer, expectProblem } from '../support/problem';

describe('refresh-token reuse revokes the family', () => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startDemo({ mode: 'stateful' });
  });
  afterAll(() => demo?.close());

  const refresh = (refresh_token: string) => demo.http.post('/auth/refresh').send({ refresh_token });

  it('A refreshed to B; presenting A again is REFRESH_TOKEN_REUSED, and then B and the session are dead', async () => {
    const a = await signIn(demo, 'alice');
    const rotated = await refresh(a.refresh_token);
    expect(rotated.status).toBe(200);
    const b = rotated.body;
    expect((await demo.http.get('/auth/me').set(bearer(b.access_token))).status).toBe(200);

    const reuse = await refresh(a.refresh_token);
    expectProblem(reuse, 401, 'REFRESH_TOKEN_REUSED');
    expect(reuse.headers['www-authenticate']).toBeUndefined();

    expectProblem(await refresh(b.refresh_token), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.get('/auth/me').set(bearer(b.access_token)), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.get('/auth/me').set(bearer(a.access_token)), 401, 'SESSION_REVOKED');
    const other = await signIn(demo, 'alice');
    const sessions = await demo.http.get('/auth/sessions').set(bearer(other.access_token));
    expect(sessions.body.items).not.toContainEqual(expect.objectContaining({ id: a.session_id }));
  });

  it('reuse deep in the chain (A→B→C, then B) also kills C', async () => {
    const a = await signIn(demo, 'bob');
    const b = (await refresh(a.refresh_token)).body;
    const c = (await refresh(b.refresh_token)).body;
    expectProblem(await refresh(b.refresh_token), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(c.refresh_token), 401, 'SESSION_REVOKED');
    expectProblem(await demo.http.get('/auth/me').set(bearer(c.access_token)), 401, 'SESSION_REVOKED');
  });

  it('leaves the user’s other sessions alone', async () => {
    const victim = await signIn(demo, 'bob');
    const laptop = await signIn(demo, 'bob');
    await refresh(victim.refresh_token);
    expectProblem(await refresh(victim.refresh_token), 401, 'REFRESH_TOKEN_REUSED');
    expect((await demo.http.get('/auth/me').set(bearer(laptop.access_token))).status).toBe(200);
    expect((await refresh(laptop.refresh_token)).status).toBe(200);
  });

  it('a stateless session loses its refresh family too (its access tokens live until they expire)', async () => {
    const a = await signIn(demo, 'alice', { track_session: false });
    const b = (await refresh(a.refresh_token)).body;
    expectProblem(await refresh(a.refresh_token), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await refresh(b.refresh_token), 401, 'SESSION_REVOKED');
  });
});
