import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUnderTest } from './support/demo-app';
import { bearer, expectFieldError, expectProblem } from './support/problem';
import { Mode, MODES, NextStep, PIN, referenceOf, startFlow, startPinDemo, submitPin, WRONG_PIN } from './support/sign-in-flow';

/** `token` with one character of its ciphertext changed to another base64url character. */
function flipCharacter(token: string): string {
  const at = token.split('.').slice(0, 3).join('.').length + 5;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

describe.each(MODES)('sign-in flow refusals (%s)', (mode: Mode) => {
  let demo: DemoUnderTest;
  beforeAll(async () => {
    demo = await startPinDemo(mode);
  });
  afterAll(() => demo?.close());

  const validate = (step: string, body: unknown) => demo.http.post(`/auth/validate/${step}`).send(body as object);

  it('refuses options that do not match the step’s schema with 400, naming the field', async () => {
    const next = await startFlow(demo, mode);
    const withOptions = (options: unknown) => validate('access-pin', { options, ...referenceOf(next) });
    expectFieldError(await withOptions({}), 'options.pin');
    expectFieldError(await withOptions({ pin: PIN, extra: true }), 'options.extra');
    expectFieldError(await withOptions({ pin: 246810 }), 'options.pin');
    expectFieldError(await withOptions({ pin: '24681' }), 'options.pin');
    expectFieldError(await withOptions({ pin: '2'.repeat(10_000) }), 'options.pin');
    expectFieldError(await withOptions({ pin: [PIN] }), 'options.pin');
    for (const options of ['246810', [PIN], null, 7]) expectFieldError(await withOptions(options), 'options');
    expectFieldError(await validate('access-pin', referenceOf(next)), 'options');
    expectFieldError(await validate('username-password', { options: { username: 'alice' } }), 'options.password');
    expectProblem(await withOptions({ pin: PIN, padding: 'x'.repeat(200_000) }), 413, 'PAYLOAD_TOO_LARGE');
    // None of that counted as an attempt or spent the flow.
    expect((await submitPin(demo, next)).status).toBe(200);
  });

  it('refuses a body naming the flow twice, or with unknown fields', async () => {
    const next = await startFlow(demo, mode);
    expectFieldError(await validate('access-pin', { options: { pin: PIN }, session_id: randomUUID(), pre_auth_token: 'x.y' }), 'pre_auth_token');
    expectFieldError(await validate('access-pin', { options: { pin: PIN }, ...referenceOf(next), user_id: next.user_id }), 'user_id');
    expectFieldError(await validate('access-pin', { options: { pin: PIN }, session_id: 42 }), 'session_id');
  });

  it('answers 404 UNKNOWN_STEP for a step that is not configured, however long its name', async () => {
    for (const step of ['webauthn', 'ACCESS-PIN', 'TOTP', 'x'.repeat(10_000)]) expectProblem(await validate(step, { options: {} }), 404, 'UNKNOWN_STEP');
  });

  it('answers 409 STEP_OUT_OF_ORDER for a later step without a flow, and the first step again within one', async () => {
    expectProblem(await validate('access-pin', { options: { pin: PIN } }), 409, 'STEP_OUT_OF_ORDER');
    const next = await startFlow(demo, mode);
    expectProblem(await validate('username-password', { options: { username: 'alice', password: 'alice-demo-password' }, ...referenceOf(next) }), 409, 'STEP_OUT_OF_ORDER');
    expect((await submitPin(demo, next)).status).toBe(200);
  });

  it('answers 401 OTP_INVALID for a wrong PIN, then 429 once the flow made 5 wrong attempts, even for the right PIN', async () => {
    const next = await startFlow(demo, mode);
    for (let i = 0; i < 5; i++) expectProblem(await submitPin(demo, next, WRONG_PIN), 401, 'OTP_INVALID');
    const capped = await submitPin(demo, next, PIN);
    expectProblem(capped, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(capped.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectProblem(await submitPin(demo, next, PIN), 429, 'TOO_MANY_ATTEMPTS');
    // Another flow of the same user is not affected.
    expect((await submitPin(demo, await startFlow(demo, mode))).status).toBe(200);
  });

  it('answers 401 FLOW_EXPIRED when the flow reference is replayed after the sign-in completed', async () => {
    const next = await startFlow(demo, mode);
    expect((await submitPin(demo, next)).status).toBe(200);
    expectProblem(await submitPin(demo, next), 401, 'FLOW_EXPIRED');
    // The spent stage is refused before the step runs: a replayed reference is no oracle for PINs.
    expectProblem(await submitPin(demo, next, WRONG_PIN), 401, 'FLOW_EXPIRED');
  });

  it('answers 401 FLOW_EXPIRED for a session_id that names no pending flow', async () => {
    const completed = await startFlow(demo, 'stateful', 'bob', { track_session: true });
    const active = await submitPin(demo, completed);
    expect(active.status).toBe(200);
    const revoked = await submitPin(demo, await startFlow(demo, 'stateful', 'bob', { track_session: true }));
    expect((await demo.http.post('/auth/logout').set(bearer(revoked.body.access_token))).status).toBe(204);
    const stateless = await submitPin(demo, await startFlow(demo, 'stateless', 'bob', { track_session: false }));
    for (const sessionId of [completed.session_id, active.body.session_id, revoked.body.session_id, stateless.body.session_id, randomUUID(), 'not-a-session']) {
      expectProblem(await submitPin(demo, { session_id: sessionId }), 401, 'FLOW_EXPIRED');
    }
  });

  it('answers 401 TOKEN_INVALID for a pre_auth_token with one character changed, and keeps the genuine one usable', async () => {
    const next: NextStep = await startFlow(demo, 'stateless', 'alice', { track_session: false });
    expectProblem(await submitPin(demo, { pre_auth_token: flipCharacter(next.pre_auth_token!) }), 401, 'TOKEN_INVALID');
    expectProblem(await submitPin(demo, { pre_auth_token: 'not-a-token' }), 401, 'TOKEN_INVALID');
    expectProblem(await submitPin(demo, { pre_auth_token: randomUUID() }), 401, 'TOKEN_INVALID');
    expect((await submitPin(demo, next)).status).toBe(200);
  });

  it('POST /auth/login with pre_auth_token + otp_code: 409 STEP_OUT_OF_ORDER, as no offered step takes a code', async () => {
    const next = await startFlow(demo, 'stateless', 'alice', { track_session: false });
    expectProblem(await demo.http.post('/auth/login').send({ pre_auth_token: next.pre_auth_token, otp_code: PIN }), 409, 'STEP_OUT_OF_ORDER');
    expectFieldError(await demo.http.post('/auth/login').send({ pre_auth_token: next.pre_auth_token }), 'otp_code');
    expectProblem(await demo.http.post('/auth/login').send({ pre_auth_token: flipCharacter(next.pre_auth_token!), otp_code: PIN }), 401, 'TOKEN_INVALID');
    expect((await submitPin(demo, next)).status).toBe(200);
  });
});
