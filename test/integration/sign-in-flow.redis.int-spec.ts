// A sign-in flow across two demo instances on one PostgreSQL and one Redis (DESIGN.md section 6):
// any step may land on any instance, so the pending flow (a row, or a sealed token opened with a key
// both derive), the consumed-stage markers and the attempt counters must all be shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoUnderTest } from '../e2e/support/demo-app';
import { bearer, expectProblem } from '../e2e/support/problem';
import { Mode, MODES, PIN, startFlow, startPinDemo, submitPin, WRONG_PIN } from '../e2e/support/sign-in-flow';
import { assertServicesAnswer, TEST_DATABASE_URL, TEST_REDIS_URL } from '../e2e/support/services';

describe.each(MODES)('a %s sign-in flow across two instances sharing PostgreSQL and Redis', (mode: Mode) => {
  let a: DemoUnderTest;
  let b: DemoUnderTest;
  beforeAll(async () => {
    await assertServicesAnswer();
    const config = { databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL };
    // One after the other: the first runs the migrations and seeds, the second finds them done.
    a = await startPinDemo(mode, config);
    b = await startPinDemo(mode, { ...config, platform: 'fastify' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('starts on instance A and completes on instance B; the session is recognised on both', async () => {
    const next = await startFlow(a, mode);
    const done = await submitPin(b, next);
    expect(done.status, done.text).toBe(200);
    expect(done.body.user.id).toBe(next.user_id);
    for (const demo of [a, b]) {
      const me = await demo.http.get('/auth/me').set(bearer(done.body.access_token));
      expect(me.body).toMatchObject({ username: 'alice', session_id: done.body.session_id, amr: ['pwd', 'kba', 'mfa'], acr: '2' });
    }
  });

  it('refuses the reference on instance A once instance B completed it (401 FLOW_EXPIRED)', async () => {
    const next = await startFlow(a, mode);
    expect((await submitPin(b, next)).status).toBe(200);
    expectProblem(await submitPin(a, next), 401, 'FLOW_EXPIRED');
    expectProblem(await submitPin(b, next), 401, 'FLOW_EXPIRED');
  });

  it('counts wrong PINs on both instances against one cap', async () => {
    const next = await startFlow(b, mode);
    for (let i = 0; i < 5; i++) expectProblem(await submitPin(i % 2 ? a : b, next, WRONG_PIN), 401, 'OTP_INVALID');
    expectProblem(await submitPin(a, next, PIN), 429, 'TOO_MANY_ATTEMPTS');
    expectProblem(await submitPin(b, next, PIN), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('lets exactly one of 10 parallel completions split across both instances succeed', async () => {
    const next = await startFlow(a, mode);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => submitPin(i % 2 ? a : b, next)));
    const outcomes = responses.map((response) => (response.status === 200 ? 'OK' : `${response.status} ${response.body?.code}`));
    expect(outcomes.filter((outcome) => outcome === 'OK'), outcomes.join(',')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o !== 'OK')) expect(['401 FLOW_EXPIRED', '429 TOO_MANY_ATTEMPTS']).toContain(outcome);
  });
});
