// Two demo instances on one PostgreSQL and one Redis (DESIGN.md section 6): any request may land on
// any instance, so sessions, refresh tokens, revocations and attempt counters must be shared.
import { setTimeout as sleep } from 'node:timers/promises';
import { UserDirectory } from '@stepgate/auth';
import { uniqueTag } from '@stepgate/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest, signIn, startDemo } from '../e2e/support/demo-app';
import { bearer, expectProblem } from '../e2e/support/problem';
import { assertServicesAnswer, TEST_DATABASE_URL, TEST_REDIS_URL } from '../e2e/support/services';

const STALENESS_MS = 250;

describe('two demo instances sharing PostgreSQL and Redis', () => {
  let one: DemoUnderTest;
  let two: DemoUnderTest;
  const config = {
    databaseUrl: TEST_DATABASE_URL,
    redisUrl: TEST_REDIS_URL,
    signInThrottle: { perAccount: { limit: 3 }, perClient: { limit: 1000 } },
    sessionCheckStalenessMs: STALENESS_MS,
  };

  beforeAll(async () => {
    await assertServicesAnswer();
    // One after the other: the first runs the migrations and seeds, the second finds them done.
    one = await startDemo(config);
    two = await startDemo({ ...config, platform: 'fastify' });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  /** A user of this run only: reruns and the shared Redis counters never see it again. */
  async function newUser(): Promise<{ username: string; password: string }> {
    const user = { username: `carol-${uniqueTag()}`, password: `pw-${uniqueTag()}` };
    await one.app.get(UserDirectory).create({ ...user, groups: ['staff'] });
    return user;
  }
  const login = (demo: DemoUnderTest, username: string, password: string) => demo.http.post('/auth/login').send({ username, password });

  it('signs in on one instance and is recognised on the other', async () => {
    const user = await newUser();
    const response = await login(two, user.username, user.password);
    expect(response.status).toBe(200);
    const me = await one.http.get('/auth/me').set(bearer(response.body.access_token));
    expect(me.body).toMatchObject({ username: user.username, session_id: response.body.session_id });
    const admin = await signIn(two, 'admin');
    const listed = await two.http.get(`/auth/users?search=${user.username}`).set(bearer(admin.access_token));
    expect(listed.body).toMatchObject({ total: 1, items: [{ username: user.username, permits: ['staff'] }] });
  });

  it('refreshes across instances and detects reuse on either', async () => {
    const a = await signIn(one, 'alice');
    const b = await two.http.post('/auth/refresh').send({ refresh_token: a.refresh_token });
    expect(b.status).toBe(200);
    expect((await one.http.get('/auth/me').set(bearer(b.body.access_token))).status).toBe(200);
    expectProblem(await one.http.post('/auth/refresh').send({ refresh_token: a.refresh_token }), 401, 'REFRESH_TOKEN_REUSED');
    expectProblem(await two.http.post('/auth/refresh').send({ refresh_token: b.body.refresh_token }), 401, 'SESSION_REVOKED');
  });

  it('a logout on instance one is refused by instance two once sessionCheckStalenessMs has passed', async () => {
    const tokens = await signIn(one, 'bob');
    // Instance two has now seen the session active and may reuse that answer for STALENESS_MS.
    expect((await two.http.get('/demo/secure-data').set(bearer(tokens.access_token))).status).toBe(200);
    expect((await one.http.post('/auth/logout').set(bearer(tokens.access_token))).status).toBe(204);
    expectProblem(await one.http.get('/demo/secure-data').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    await sleep(STALENESS_MS + 250);
    expectProblem(await two.http.get('/demo/secure-data').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    expectProblem(await two.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }), 401, 'SESSION_REVOKED');
  });

  it('revokes a session from the other instance through DELETE /auth/sessions/:id', async () => {
    const phone = await signIn(one, 'alice');
    const laptop = await signIn(two, 'alice');
    expect((await one.http.get('/auth/me').set(bearer(phone.access_token))).status).toBe(200);
    expect((await two.http.delete(`/auth/sessions/${phone.session_id}`).set(bearer(laptop.access_token))).status).toBe(204);
    await sleep(STALENESS_MS + 250);
    expectProblem(await one.http.get('/auth/me').set(bearer(phone.access_token)), 401, 'SESSION_REVOKED');
    expect((await one.http.get('/auth/me').set(bearer(laptop.access_token))).status).toBe(200);
  });

  it('counts failed sign-ins in Redis: failures on instance one count against the limit on instance two', async () => {
    const user = await newUser();
    for (let i = 0; i < 3; i++) expectProblem(await login(one, user.username, `guess-${i}`), 401, 'INVALID_CREDENTIALS');
    const throttled = await login(two, user.username, user.password);
    expectProblem(throttled, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const again = await login(one, user.username, user.password);
    expectProblem(again, 429, 'TOO_MANY_ATTEMPTS');
    // Both instances read one window: the same end, give or take the second that passed.
    expect(Math.abs(Number(again.headers['retry-after']) - Number(throttled.headers['retry-after']))).toBeLessThanOrEqual(1);
  });

  it('splits parallel guesses across both instances and still lets only 3 reach the password check', async () => {
    const user = await newUser();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => login(i % 2 ? one : two, user.username, `parallel-${i}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('logs out on one instance with the other’s token and both agree', async () => {
    const tokens = await signIn(two, 'alice');
    expect((await one.http.post('/auth/logout').set(bearer(tokens.access_token)).send({})).status).toBe(204);
    expectProblem(await one.http.get('/auth/me').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    await sleep(STALENESS_MS + 250);
    expectProblem(await two.http.get('/auth/me').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
  });
});
