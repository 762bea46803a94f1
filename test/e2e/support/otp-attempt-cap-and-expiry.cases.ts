import { describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, type MfaTestAppOptions, mfaTestAppPerTest } from './mfa-test-app';
import { expectProblem } from './problem';

/** Issues a code on `channel` for a fresh flow and returns the flow and the delivered code. */
async function sentCode(mfa: MfaTestApp, channel: 'email' | 'sms') {
  const flow = await mfa.pendingFlow();
  const challenge = await mfa.http.post('/auth/otp/challenge').send({ method: channel, ...flow });
  expect(challenge.status).toBe(202);
  const code = channel === 'email' ? codeIn((await mfa.smtp.nextMessage()).text) : codeIn(mfa.sms.received.at(-1)?.message);
  expect(code).toMatch(/^[0-9]{6}$/);
  return { flow, code: code!, expiresIn: challenge.body.expires_in as number };
}

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Five wrong codes void a sent code, and a sent code ends at its expiry, on the stores `options` name. */
export function otpAttemptCapAndExpiryCases(options: MfaTestAppOptions): void {
  describe.each(['email', 'sms'] as const)('a code sent by %s', (channel) => {
    const start = mfaTestAppPerTest(options);

    it('is void after five wrong attempts: the fifth answers OTP_EXPIRED, the right code after it is refused', async () => {
      const mfa = await start();
      await mfa.enrolTotp();
      const { flow, code } = await sentCode(mfa, channel);
      for (let attempt = 1; attempt <= 4; attempt++) expectProblem(await mfa.validate(channel, wrongOf(code), flow), 401, 'OTP_INVALID');
      // The fifth wrong code uses the challenge up, and says so: the client should ask for a new one.
      expectProblem(await mfa.validate(channel, wrongOf(code), flow), 401, 'OTP_EXPIRED');
      // The flow has used its five attempts as well, so the engine refuses it before the code is read.
      const right = await mfa.validate(channel, code, flow);
      expectProblem(right, 429, 'TOO_MANY_ATTEMPTS');
      expect(right.body.access_token).toBeUndefined();
    });

    it('still works after four wrong attempts', async () => {
      const mfa = await start();
      await mfa.enrolTotp();
      const { flow, code } = await sentCode(mfa, channel);
      for (let attempt = 1; attempt <= 4; attempt++) expect((await mfa.validate(channel, wrongOf(code), flow)).status).toBe(401);
      expect((await mfa.validate(channel, code, flow)).status).toBe(200);
    });

    it('works until its expiry and not a second after it', async () => {
      const mfa = await start();
      await mfa.enrolTotp();
      const early = await sentCode(mfa, channel);
      expect(early.expiresIn).toBe(300);
      mfa.clock.advance(299);
      expect((await mfa.validate(channel, early.code, early.flow)).status).toBe(200);

      const late = await sentCode(mfa, channel);
      mfa.clock.advance(301);
      const refused = await mfa.validate(channel, late.code, late.flow);
      expect(refused.status).toBe(401);
      expect(['OTP_EXPIRED', 'FLOW_EXPIRED']).toContain(refused.body.code);
    });
  });
}
