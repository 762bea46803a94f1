// The parts of the flow contract the demo cannot show: `POST /auth/login` with `pre_auth_token` +
// `otp_code` (the demo has no step that takes a `code`) and FLOW_EXPIRED after a step's TTL (the
// demo runs on the system clock). Each boots AuthModule alone, with a step whose schema has `code`.
import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidCredentialsError, SignInStep, type StepContext, type StepResult } from '@stepgate/auth';
import { FixedClock } from '@stepgate/auth/testing';
import { startAuthModuleApp } from './support/auth-module-app';
import { claimsOf } from './support/jwt';
import { expectProblem } from './support/problem';

const CODE = '424242';

/** A one-time code that is the same for everyone: enough to drive the engine over HTTP. */
class FixedCodeStep extends SignInStep<{ code: string }> {
  readonly key = 'fixed-code';
  readonly name = 'Fixed code';
  readonly schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['code'], additionalProperties: false } as const;
  override readonly ttlSeconds = 60;
  async verify({ code }: { code: string }, { userId }: StepContext): Promise<StepResult> {
    if (code !== CODE) throw new InvalidCredentialsError();
    return { userId: userId!, method: 'otp' };
  }
}

let app: INestApplication | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function startTestApp(mode: 'stateful' | 'stateless', clock = new FixedClock(new Date())) {
  const started = await startAuthModuleApp(
    { mode, steps: [new FixedCodeStep()], flowPolicy: ({ completedSteps }) => (completedSteps.includes('fixed-code') ? [] : ['fixed-code']), clock },
    [{ username: 'ann', password: 'pw-of-ann', groups: ['staff'] }],
  );
  app = started.app;
  const { http } = started;
  const login = () => http.post('/auth/login').send({ username: 'ann', password: 'pw-of-ann' });
  return { http, clock, login };
}

describe('POST /auth/login with pre_auth_token + otp_code (stateless)', () => {
  it('completes the sign-in with the offered step that takes a code', async () => {
    const { http, login } = await startTestApp('stateless');
    const first = await login();
    expect(first.body).toStrictEqual({ status: 'next_step', user_id: expect.any(String), next_steps: ['fixed-code'], pre_auth_token: expect.any(String), expires_in: 60 });
    expectProblem(await http.post('/auth/login').send({ pre_auth_token: first.body.pre_auth_token, otp_code: '000000' }), 401, 'INVALID_CREDENTIALS');
    expectProblem(await http.post('/auth/login').send({ pre_auth_token: first.body.pre_auth_token, otp_code: 'abc' }), 400, 'VALIDATION_FAILED');
    const done = await http.post('/auth/login').send({ pre_auth_token: first.body.pre_auth_token, otp_code: CODE });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'complete', token_type: 'Bearer', user: { id: first.body.user_id, username: 'ann', permits: ['staff'] } });
    expect(claimsOf(done.body.access_token)).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], acr: '2', session_mode: 'stateless' });
    expectProblem(await http.post('/auth/login').send({ pre_auth_token: first.body.pre_auth_token, otp_code: CODE }), 401, 'FLOW_EXPIRED');
  });
});

describe.each(['stateful', 'stateless'] as const)('FLOW_EXPIRED after the step TTL (%s)', (mode) => {
  it('accepts the code just inside the TTL and refuses it once the TTL has passed', async () => {
    const { http, clock, login } = await startTestApp(mode);
    const reference = (body: Record<string, string>) => (mode === 'stateful' ? { session_id: body.session_id } : { pre_auth_token: body.pre_auth_token });
    const submit = (body: Record<string, string>) => http.post('/auth/validate/fixed-code').send({ options: { code: CODE }, ...reference(body) });

    const late = (await login()).body;
    clock.advance(61);
    expectProblem(await submit(late), 401, 'FLOW_EXPIRED');

    const inTime = (await login()).body;
    clock.advance(59);
    expect((await submit(inTime)).status).toBe(200);
  });
});
