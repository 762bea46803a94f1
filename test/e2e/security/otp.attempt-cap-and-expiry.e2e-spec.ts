// Threat: guessing a sent code. A 6-digit code falls to 10⁶ tries; five wrong ones must void it
// even for the right code that follows, and a code must stop working at its expiry, whatever the
// client sends. Checked over HTTP on a fixed clock, for email and SMS.
import { afterEach, describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, startMfaTestApp } from '../support/mfa-test-app';
import { expectProblem } from '../support/problem';

let mfa: MfaTestApp | undefined;
afterEach(async () => {
  await mfa?.close();
  mfa = undefined;
});

/** Issues a code on `channel` for a fresh flow and returns the flow and the delivered code. */
async function sentCode(channel: 'email' | 'sms') {
  const flow = await mfa!.pendingFlow();
  const challenge = await mfa!.http.post('/auth/otp/challenge').send({ method: channel, ...flow });
  expect(challenge.status).toBe(202);
  const code = channel === 'email' ? codeIn((await mfa!.smtp.nextMessage()).text) : codeIn(mfa!.sms.received.at(-1)?.message);
  expect(code).toMatch(/^[0-9]{6}$/);
  return { flow, code: code!, expiresIn: challenge.body.expires_in as number };
}

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe.each(['email', 'sms'] as const)('a code sent by %s', (channel) => {
  it('is void after five wrong attempts: the fifth answers OTP_EXPIRED, the right code after it is refused', async () => {
    mfa = await startMfaTestApp();
    await mfa.enrolTotp();
    const { flow, code } = await sentCode(channel);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expectProblem(await mfa.http.post('/auth/otp/validate').send({ method: channel, code: wrongOf(code), ...flow }), 401, 'OTP_INVALID');
    }
    // The fifth wrong code uses the challenge up, and says so: the client should ask for a new one.
    expectProblem(await mfa.http.post('/auth/otp/validate').send({ method: channel, code: wrongOf(code), ...flow }), 401, 'OTP_EXPIRED');
    // The flow has used its five attempts as well, so the engine refuses it before the code is read.
    const right = await mfa.http.post('/auth/otp/validate').send({ method: channel, code, ...flow });
    expectProblem(right, 429, 'TOO_MANY_ATTEMPTS');
    expect(right.body.access_token).toBeUndefined();
  });

  it('still works after four wrong attempts', async () => {
    mfa = await startMfaTestApp();
    await mfa.enrolTotp();
    const { flow, code } = await sentCode(channel);
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await mfa.http.post('/auth/otp/validate').send({ method: channel, code: wrongOf(code), ...flow })).status).toBe(401);
    }
    expect((await mfa.http.post('/auth/otp/validate').send({ method: channel, code, ...flow })).status).toBe(200);
  });

  it('works until its expiry and not a second after it', async () => {
    mfa = await startMfaTestApp();
    await mfa.enrolTotp();
    const early = await sentCode(channel);
    expect(early.expiresIn).toBe(300);
    mfa.clock.advance(299);
    expect((await mfa.http.post('/auth/otp/validate').send({ method: channel, code: early.code, ...early.flow })).status).toBe(200);

    const late = await sentCode(channel);
    mfa.clock.advance(301);
    const refused = await mfa.http.post('/auth/otp/validate').send({ method: channel, code: late.code, ...late.flow });
    expect(refused.status).toBe(401);
    expect(['OTP_EXPIRED', 'FLOW_EXPIRED']).toContain(refused.body.code);
  });
});
