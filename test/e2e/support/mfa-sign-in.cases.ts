import { describe, expect, it } from 'vitest';
import { codeIn, type MfaTestApp, type MfaTestAppOptions, mfaTestAppPerTest } from './mfa-test-app';
import { bearer, expectProblem } from './problem';

/** The flow reference of a next-step answer, which must travel in the field of the mode. */
function flowOf(body: Record<string, unknown>, mode: MfaTestAppOptions['mode']): Record<string, string> {
  expect(body.status).toBe('next_step');
  const field = mode === 'stateless' ? 'pre_auth_token' : 'session_id';
  expect(body[field]).toEqual(expect.any(String));
  return { [field]: body[field] as string };
}

/** Each sent code: where it lands, and the route that takes it (both routes are the contract's). */
const SENT_CODES = [
  {
    method: 'email',
    hint: 'a•••@example.com',
    delivered: async (mfa: MfaTestApp) => {
      const mail = await mfa.smtp.nextMessage();
      return { to: mail.envelopeTo, text: mail.text };
    },
    recipientOf: (mfa: MfaTestApp) => [mfa.user.email],
    submit: (mfa: MfaTestApp, code: string | undefined, flow: object) => mfa.validate('email', code, flow),
  },
  {
    method: 'sms',
    hint: '+1•••••••0009',
    delivered: async (mfa: MfaTestApp) => {
      expect(mfa.sms.received).toHaveLength(1);
      return { to: mfa.sms.received[0]!.to, text: mfa.sms.received[0]!.message };
    },
    recipientOf: (mfa: MfaTestApp) => mfa.user.phoneNumber,
    submit: (mfa: MfaTestApp, code: string | undefined, flow: object) => mfa.http.post('/auth/validate/sms-otp').send({ options: { code }, ...flow }),
  },
] as const;

/**
 * The MFA loop a user goes through, on the stores `options` name: enrol TOTP, then sign in with
 * the password and a second factor (the app's code, a recovery code, an emailed or an SMS code),
 * and recover a forgotten password by an emailed code.
 */
export function mfaSignInCases(options: MfaTestAppOptions): void {
  describe('second factors at sign-in', () => {
    const start = mfaTestAppPerTest(options);
    const passwordStep = async (mfa: MfaTestApp) => flowOf((await mfa.login()).body, options.mode);

    it('enrols TOTP, then password and TOTP complete the sign-in with pwd, otp and mfa at acr 2', async () => {
      const mfa = await start();
      const { secret, accessToken } = await mfa.enrolTotp();
      expect((await mfa.http.get('/auth/me').set(bearer(accessToken))).body.mfa).toEqual({ totp_enabled: true, methods: ['totp', 'email', 'sms', 'recovery'] });
      const first = await mfa.login();
      expect(first.body).toMatchObject({ status: 'next_step', next_steps: ['totp', 'email-otp', 'sms-otp', 'recovery-code'], expires_in: 300 });
      const done = await mfa.validate('totp', await mfa.totpCode(secret), flowOf(first.body, options.mode));
      expect(done.status, done.text).toBe(200);
      expect(done.body).toMatchObject({ status: 'complete', token_type: 'Bearer', user: { username: mfa.user.username } });
      const me = await mfa.http.get('/auth/me').set(bearer(done.body.access_token));
      expect(me.body).toMatchObject({ username: mfa.user.username, amr: ['pwd', 'otp', 'mfa'], acr: '2', session_id: done.body.session_id });
    });

    it('refuses the code shown while enrolling and a code already accepted', async () => {
      const mfa = await start();
      const { secret } = await mfa.enrolTotp();
      const flow = await passwordStep(mfa);
      expectProblem(await mfa.validate('totp', await mfa.totpCode(secret, -1), flow), 401, 'OTP_INVALID');
      const code = await mfa.totpCode(secret);
      expect((await mfa.validate('totp', code, flow)).status).toBe(200);
      expectProblem(await mfa.validate('totp', code, await passwordStep(mfa)), 401, 'OTP_INVALID');
    });

    it('a recovery code signs in once; the next code still works', async () => {
      const mfa = await start();
      const { recoveryCodes } = await mfa.enrolTotp();
      expect((await mfa.validate('recovery', recoveryCodes[0], await passwordStep(mfa))).status).toBe(200);
      const again = await passwordStep(mfa);
      expectProblem(await mfa.validate('recovery', recoveryCodes[0], again), 401, 'OTP_INVALID');
      expect((await mfa.validate('recovery', recoveryCodes[1], again)).status).toBe(200);
    });

    it.each(SENT_CODES)('a code sent by $method reaches the user, masked in the challenge, and completes the sign-in', async ({ method, hint, delivered, recipientOf, submit }) => {
      const mfa = await start();
      await mfa.enrolTotp();
      const flow = await passwordStep(mfa);
      const challenge = await mfa.http.post('/auth/otp/challenge').send({ method, ...flow });
      expect(challenge.status).toBe(202);
      expect(challenge.body).toMatchObject({ method, expires_in: 300, destination_hint: hint });
      const { to, text } = await delivered(mfa);
      expect(to).toEqual(recipientOf(mfa));
      const done = await submit(mfa, codeIn(text), flow);
      expect(done.status, done.text).toBe(200);
      expect(done.body.status).toBe('complete');
    });

    it('resets a forgotten password with the emailed code once: the sessions end, only the new password works', async () => {
      const mfa = await start();
      const before = (await mfa.login()).body;
      expect(before.status).toBe('complete');
      const forgot = await mfa.http.post('/auth/password/forgot').send({ username: mfa.user.username });
      expect(forgot.status).toBe(202);
      const mail = await mfa.smtp.nextMessage();
      expect(mail.envelopeTo).toEqual([mfa.user.email]);
      const reset = (new_password: string) => mfa.http.post('/auth/password/reset').send({ challenge_id: forgot.body.challenge_id, code: codeIn(mail.text), new_password });
      expect((await reset('a brand new password of ann')).status).toBe(204);
      expectProblem(await reset('another new password of ann'), 401, 'OTP_INVALID');
      expectProblem(await mfa.http.post('/auth/refresh').send({ refresh_token: before.refresh_token }), 401, 'SESSION_REVOKED');
      if (options.mode !== 'stateless') expectProblem(await mfa.http.get('/auth/me').set(bearer(before.access_token)), 401, 'SESSION_REVOKED');
      expectProblem(await mfa.login(), 401, 'INVALID_CREDENTIALS');
      const renewed = await mfa.http.post('/auth/login').send({ username: mfa.user.username, password: 'a brand new password of ann' });
      expect(renewed.status).toBe(200);
      expect(renewed.body.status).toBe('complete');
    });

    it('ten resets sent at once with one emailed code change the password once', async () => {
      const mfa = await start();
      const forgot = await mfa.http.post('/auth/password/forgot').send({ username: mfa.user.username });
      const code = codeIn((await mfa.smtp.nextMessage()).text);
      const passwords = Array.from({ length: 10 }, (_, index) => `new password number ${index} of ann`);
      const responses = await Promise.all(passwords.map((new_password) => mfa.http.post('/auth/password/reset').send({ challenge_id: forgot.body.challenge_id, code, new_password })));
      expect(responses.map((response) => response.status).sort()).toEqual([204, ...Array<number>(9).fill(401)]);
      const chosen = passwords[responses.findIndex((response) => response.status === 204)];
      expect((await mfa.http.post('/auth/login').send({ username: mfa.user.username, password: chosen })).status).toBe(200);
    });
  });
}
