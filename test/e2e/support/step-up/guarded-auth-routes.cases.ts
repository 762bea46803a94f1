import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem';
import { ALL_METHODS, elevate, expectStepUpChallenge, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

const flowOf = (body: Record<string, string>) => (body.session_id ? { session_id: body.session_id } : { pre_auth_token: body.pre_auth_token });

/**
 * The module's own routes that weaken an account (removing TOTP, replacing the recovery codes) need an
 * elevation too, so that a stolen session cannot disarm MFA.
 */
export function guardedAuthRouteCases(options: StepUpTestAppOptions): void {
  describe("the module's own routes behind an elevation", () => {
    const start = stepUpTestAppPerTest(options);

    it('DELETE /auth/totp needs an elevation for disable_totp, and after one removes TOTP and the recovery codes', async () => {
      const app = await start.one();
      const { session, recoveryCodes } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.disableTotp, session), { operation: 'disable_totp', methods: ALL_METHODS });
      expect((await app.http.get('/auth/me').set(session.bearer)).body.mfa.totp_enabled).toBe(true);
      await elevate(app, session, operationId);
      const disabled = await app.call(ROUTES.disableTotp, session);
      expect(disabled.status, disabled.text).toBe(204);
      expect((await app.http.get('/auth/me').set(session.bearer)).body.mfa).toMatchObject({ totp_enabled: false });
      const signIn = await app.http.post('/auth/login').send({ username: app.users.ann.username, password: app.users.ann.password });
      expect(signIn.body.status).toBe('complete');
      // The recovery codes went with the secret: they prove nothing now, and are no longer offered.
      const next = expectStepUpChallenge(await app.call(ROUTES.transfer, session), { operation: 'transfer_funds', methods: ['email', 'sms'] });
      expectProblem(await app.validate(session, next, 'recovery', recoveryCodes[0]), 409, 'STEP_OUT_OF_ORDER');
    });

    it('POST /auth/recovery-codes needs an elevation for regenerate_recovery_codes; after one it answers new codes and the old ones are void', async () => {
      const app = await start.one();
      const { session, recoveryCodes: old } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.regenerateRecoveryCodes, session), { operation: 'regenerate_recovery_codes', methods: ALL_METHODS });
      await elevate(app, session, operationId);
      const regenerated = await app.call(ROUTES.regenerateRecoveryCodes, session);
      expect(regenerated.status, regenerated.text).toBe(200);
      const fresh = regenerated.body.recovery_codes as string[];
      expect(fresh).toHaveLength(old.length);
      expect(fresh.filter((code) => old.includes(code))).toEqual([]);

      const pendingSignIn = async () => flowOf((await app.http.post('/auth/login').send({ username: app.users.ann.username, password: app.users.ann.password })).body);
      const flow = await pendingSignIn();
      expectProblem(await app.http.post('/auth/otp/validate').send({ method: 'recovery', code: old[1], ...flow }), 401, 'OTP_INVALID');
      const signedIn = await app.http.post('/auth/otp/validate').send({ method: 'recovery', code: fresh[0], ...flow });
      expect(signedIn.status, signedIn.text).toBe(200);
      expect(signedIn.body.status).toBe('complete');
      const next = await stepUpOperationOf(app, ROUTES.transfer, session);
      expectProblem(await app.validate(session, next, 'recovery', old[2]), 401, 'OTP_INVALID');
      expect((await app.validate(session, next, 'recovery', fresh[1])).status).toBe(200);
    });
  });
}
