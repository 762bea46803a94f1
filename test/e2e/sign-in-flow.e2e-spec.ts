import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { demoConfigFromEnv } from '../../apps/demo/src/demo-config';
import { alicePermits, DemoUnderTest, startDemo } from './support/demo-app';
import { claimsOf, nowSeconds } from './support/jwt';
import { bearer, expectFieldError, expectProblem } from './support/problem';
import {
  ACCESS_PIN_OPTIONS,
  expectNextStep,
  Mode,
  MODES,
  NextStep,
  otherReferenceField,
  referenceField,
  startFlow,
  startPinDemo,
  submitPin,
  USERNAME_PASSWORD_OPTIONS,
} from './support/sign-in-flow';

/** The token response of DESIGN.md section 4 for alice. */
function expectAliceTokens(body: Record<string, unknown>) {
  expect(body).toStrictEqual({
    status: 'complete',
    access_token: expect.any(String),
    refresh_token: expect.any(String),
    token_type: 'Bearer',
    expires_in: expect.any(Number),
    session_id: expect.any(String),
    user: { id: expect.any(String), username: 'alice', permits: alicePermits() },
  });
}

describe.each(MODES)('sign-in flow with the demo access PIN (%s, Express)', (mode: Mode) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo(mode);
  });
  afterAll(() => demo?.close());

  it('GET /auth/options publishes the built-in steps and the access PIN with their schemas', async () => {
    const response = await demo.http.get('/auth/options');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual([...BUILT_IN_STEPS, 'access-pin']);
    expect(response.body).toMatchObject({ 'username-password': USERNAME_PASSWORD_OPTIONS, 'access-pin': ACCESS_PIN_OPTIONS });
  });

  it('password, then PIN: a token response whose access token says pwd + kba at acr 2', async () => {
    const next = await startFlow(demo, mode);
    expect(next).not.toHaveProperty(otherReferenceField(mode));
    const done = await submitPin(demo, next);
    expect(done.status, done.text).toBe(200);
    expectAliceTokens(done.body);
    expect(done.body.user.id).toBe(next.user_id);
    const claims = claimsOf(done.body.access_token);
    expect(claims).toMatchObject({ sub: next.user_id, sid: done.body.session_id, amr: ['pwd', 'kba', 'mfa'], acr: '2', session_mode: mode });
    const me = await demo.http.get('/auth/me').set(bearer(done.body.access_token));
    expect(me.body).toMatchObject({ id: next.user_id, username: 'alice', session_id: done.body.session_id, amr: ['pwd', 'kba', 'mfa'], acr: '2' });
    expect(Math.abs(me.body.auth_time - nowSeconds())).toBeLessThan(60);
  });

  it('POST /auth/login with the password answers the same next-step response', async () => {
    const response = await demo.http.post('/auth/login').send({ username: 'bob', password: 'bob-demo-password' });
    const next = expectNextStep(response, mode);
    const done = await submitPin(demo, next);
    expect(done.status).toBe(200);
    expect(done.body.user).toStrictEqual({ id: next.user_id, username: 'bob', permits: ['staff'] });
  });

  it(`track_session: ${mode === 'stateful'} is the configured mode; the opposite flips the reference and the session`, async () => {
    const other: Mode = mode === 'stateful' ? 'stateless' : 'stateful';
    for (const [trackSession, expected] of [[mode === 'stateful', mode], [mode !== 'stateful', other]] as const) {
      const viaLogin = expectNextStep(await demo.http.post('/auth/login').send({ username: 'alice', password: 'alice-demo-password', track_session: trackSession }), expected);
      const viaStep = await startFlow(demo, expected, 'alice', { track_session: trackSession });
      for (const next of [viaLogin, viaStep]) {
        const done = await submitPin(demo, next);
        expect(done.status, done.text).toBe(200);
        expect(claimsOf(done.body.access_token)).toMatchObject({ session_mode: expected, amr: ['pwd', 'kba', 'mfa'] });
      }
    }
  });

  it(mode === 'stateful' ? 'keeps the pending flow as a session row' : 'writes no session row until the sign-in completes', async () => {
    const fresh = await startPinDemo(mode);
    try {
      const rows = async () => Number((await fresh.app.get(DataSource).query('SELECT COUNT(*) AS n FROM stepgate_sessions'))[0].n);
      const next = await startFlow(fresh, mode);
      expect(await rows()).toBe(mode === 'stateful' ? 1 : 0);
      const done = await submitPin(fresh, next);
      expect(await rows()).toBe(1);
      const sessions = await fresh.http.get('/auth/sessions').set(bearer(done.body.access_token));
      expect(sessions.body.items).toHaveLength(1);
      expect(sessions.body.items[0]).toMatchObject({ id: done.body.session_id, current: true, mode, acr: '2', amr: ['pwd', 'kba', 'mfa'] });
      if (mode === 'stateful') expect(done.body.session_id).toBe(next.session_id);
    } finally {
      await fresh.close();
    }
  });

  it('a flow reference in the other mode’s field is refused with 401 (or 400 where it cannot be one)', async () => {
    const next = await startFlow(demo, mode);
    if (mode === 'stateful') {
      expectProblem(await submitPin(demo, { pre_auth_token: next.session_id }), 401, 'TOKEN_INVALID');
    } else {
      // A stateless flow has no row: the id of its completed session does not name a pending one.
      const done = await submitPin(demo, await startFlow(demo, mode));
      expectProblem(await submitPin(demo, { session_id: done.body.session_id }), 401, 'FLOW_EXPIRED');
      // A sealed flow is far longer than any session id.
      expectFieldError(await submitPin(demo, { session_id: next.pre_auth_token }), 'session_id');
    }
    expect((await submitPin(demo, next)).status).toBe(200);
  });
});

/** The steps every deployment has, in the order next_steps lists them (DESIGN.md section 4). */
const BUILT_IN_STEPS = ['username-password', 'totp', 'email-otp', 'sms-otp', 'recovery-code'];

describe('sign-in flow on Fastify (smoke)', () => {
  it.each(MODES)('%s: password then PIN completes', async (mode) => {
    const demo = await startDemo({ accessPin: '246810', mode, platform: 'fastify' });
    try {
      const next: NextStep = await startFlow(demo, mode);
      const done = await submitPin(demo, next);
      expect(done.status, done.text).toBe(200);
      expectAliceTokens(done.body);
      expect(claimsOf(done.body.access_token)).toMatchObject({ amr: ['pwd', 'kba', 'mfa'], acr: '2' });
      expect((await demo.http.get('/auth/options')).body).toMatchObject({ 'username-password': USERNAME_PASSWORD_OPTIONS, 'access-pin': ACCESS_PIN_OPTIONS });
    } finally {
      await demo.close();
    }
  });
});

describe('DEMO_ACCESS_PIN and PASSWORD_MAX_CONCURRENT', () => {
  it('are read from the environment and refused when malformed', () => {
    expect(demoConfigFromEnv({ DEMO_ACCESS_PIN: '246810', PASSWORD_MAX_CONCURRENT: '2' })).toMatchObject({ accessPin: '246810', passwordMaxConcurrent: 2 });
    expect(demoConfigFromEnv({ DEMO_ACCESS_PIN: '', PASSWORD_MAX_CONCURRENT: '' })).toMatchObject({ accessPin: undefined, passwordMaxConcurrent: undefined });
    for (const pin of ['24681', '2468100', 'abcdef', ' 246810']) expect(() => demoConfigFromEnv({ DEMO_ACCESS_PIN: pin })).toThrow(/DEMO_ACCESS_PIN/);
    for (const count of ['0', '-1', '1.5', 'two']) expect(() => demoConfigFromEnv({ PASSWORD_MAX_CONCURRENT: count })).toThrow(/PASSWORD_MAX_CONCURRENT/);
    expect([demoConfigFromEnv({}).allowStatelessSignIns, demoConfigFromEnv({ ALLOW_STATELESS_SIGN_INS: 'false' }).allowStatelessSignIns]).toEqual([true, false]);
    expect([undefined, '1', '10.0.0.0/8, 192.168.1.1'].map((value) => demoConfigFromEnv({ TRUSTED_PROXIES: value }).trustedProxies)).toEqual([undefined, 1, ['10.0.0.0/8', '192.168.1.1']]);
  });

  it('without an access PIN the demo offers only the built-in steps and completes after the password', async () => {
    const demo = await startDemo();
    try {
      expect(Object.keys((await demo.http.get('/auth/options')).body)).toEqual(BUILT_IN_STEPS);
      const response = await demo.http.post('/auth/validate/username-password').send({ options: { username: 'alice', password: 'alice-demo-password' } });
      expectAliceTokens(response.body);
      expectProblem(await demo.http.post('/auth/validate/access-pin').send({ options: { pin: '246810' } }), 404, 'UNKNOWN_STEP');
    } finally {
      await demo.close();
    }
  });
});
