import { describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, type MfaTestAppOptions, mfaTestAppPerTest } from './mfa-test-app';

const PARALLEL = 10;
const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();
const oneWinner = [200, ...Array<number>(PARALLEL - 1).fill(401)];

// One after another: the race under test is the codes', and one address may have only a few
// password checks in flight at once (the sign-in throttle would answer the rest 429).
async function pendingFlows(mfa: MfaTestApp) {
  const flows = [];
  for (let i = 0; i < PARALLEL; i++) flows.push(await mfa.pendingFlow());
  return flows;
}

/** One code spent by ten requests at once completes exactly one sign-in, on the stores `options` name. */
export function otpParallelSameCodeCases(options: MfaTestAppOptions): void {
  describe('one code submitted by parallel requests', () => {
    const start = mfaTestAppPerTest(options);

    it('a TOTP code completes exactly one of ten pending sign-ins', async () => {
      const mfa = await start();
      const { secret } = await mfa.enrolTotp();
      const flows = await pendingFlows(mfa);
      const code = await mfa.totpCode(secret);
      const responses = await Promise.all(flows.map((flow) => mfa.validate('totp', code, flow)));
      expect(statuses(responses)).toEqual(oneWinner);
      expect(responses.filter((response) => response.status === 401).every((response) => response.body.code === 'OTP_INVALID')).toBe(true);
    });

    it('a recovery code completes exactly one of ten pending sign-ins, through /auth/validate/recovery-code as well', async () => {
      const mfa = await start();
      const { recoveryCodes } = await mfa.enrolTotp();
      const flows = await pendingFlows(mfa);
      const responses = await Promise.all(
        flows.map((flow, index) =>
          index % 2 === 0
            ? mfa.validate('recovery', recoveryCodes[0], flow)
            : mfa.http.post('/auth/validate/recovery-code').send({ options: { code: recoveryCodes[0] }, ...flow }),
        ),
      );
      expect(statuses(responses)).toEqual(oneWinner);
    });

    it('an emailed code submitted ten times at once for its flow completes the sign-in once', async () => {
      const mfa = await start();
      await mfa.enrolTotp();
      const flow = await mfa.pendingFlow();
      expect((await mfa.http.post('/auth/otp/challenge').send({ method: 'email', ...flow })).status).toBe(202);
      const code = codeIn((await mfa.smtp.nextMessage()).text);
      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => mfa.validate('email', code, flow)));
      const won = responses.filter((response) => response.status === 200);
      expect(won).toHaveLength(1);
      expect(won[0]!.body.status).toBe('complete');
      // The losers find the code spent or the flow already complete: a 4xx each, never a second token.
      expect(responses.every((response) => response.status === 200 || (response.status >= 400 && response.status < 500))).toBe(true);
    });
  });
}
