import { describe, expect, it } from 'vitest';
import { expectNoLeak, expectProblem } from '../problem';
import { ALL_METHODS, elevate, expectStepUpChallenge, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

/**
 * A sensitive route must not run on a bare session: it answers MFA_REQUIRED (RFC 9470) with an
 * operation id, and only a code validated for that id lets the retried request through, with every
 * factor and with either challenge status.
 */
export function retryLoopCases(options: StepUpTestAppOptions): void {
  describe('the retry loop, with each factor', () => {
    const start = stepUpTestAppPerTest(options);

    it('TOTP: the 403 names the operation; the validated code elevates it; the retried request passes while the elevation lasts', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const refused = await app.call(ROUTES.transfer, session);
      const operationId = expectStepUpChallenge(refused, { operation: 'transfer_funds', methods: ALL_METHODS });
      expect(refused.body.amount).toBeUndefined();
      const pending = await app.operation(session, operationId);
      expect(pending.status).toBe(200);
      expect(pending.body).toEqual({ id: operationId, operation: 'transfer_funds', status: 'pending' });

      const elevated = await app.validate(session, operationId, 'totp', await app.nextTotpCode());
      expect(elevated.status, elevated.text).toBe(200);
      // A retry-model operation says nothing of a resumed command.
      expect(elevated.body).toEqual({ status: 'elevated', operation: 'transfer_funds', correlation_id: operationId, expires_in: 300 });
      expect((await app.operation(session, operationId)).body).toEqual({ id: operationId, operation: 'transfer_funds', status: 'completed' });

      const retried = await app.call(ROUTES.transfer, session);
      expect(retried.status, retried.text).toBe(201);
      expect(retried.body).toEqual({ amount: 125, to: 'acct-77' });
      const again = await app.call(ROUTES.transfer, session, { amount: 9, to: 'acct-78' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual({ amount: 9, to: 'acct-78' });
      // The operation took its code: a second one for it is out of order.
      expectProblem(await app.validate(session, operationId, 'totp', await app.nextTotpCode()), 409, 'STEP_OUT_OF_ORDER');
    });

    it("email: a code sent for the operation to the user's own address elevates it", async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = expectStepUpChallenge(await app.call(ROUTES.transfer, eve), { operation: 'transfer_funds', methods: ['email'] });
      const challenge = await app.challenge(eve, operationId, 'email');
      expect(challenge.status, challenge.text).toBe(202);
      expect(challenge.body).toMatchObject({ challenge_id: expect.any(String), method: 'email', expires_in: 300, destination_hint: expect.any(String) });
      expect(challenge.body.destination_hint).not.toContain('eve@example.com');
      const { code, to } = await app.emailedCode();
      expect(to).toEqual(['eve@example.com']);
      const elevated = await app.validate(eve, operationId, 'email', code);
      expect(elevated.status, elevated.text).toBe(200);
      expect(elevated.body).toEqual({ status: 'elevated', operation: 'transfer_funds', correlation_id: operationId, expires_in: 300 });
      expect((await app.call(ROUTES.transfer, eve)).status).toBe(201);
    });

    it("SMS: a code sent for the operation to the user's own phone elevates it", async () => {
      const app = await start.one();
      const pat = await app.signIn('pat');
      const operationId = expectStepUpChallenge(await app.call(ROUTES.transfer, pat), { operation: 'transfer_funds', methods: ['sms'] });
      const challenge = await app.challenge(pat, operationId, 'sms');
      expect(challenge.status, challenge.text).toBe(202);
      expect(challenge.body).toMatchObject({ method: 'sms', expires_in: 300 });
      const { code, to } = app.textedCode();
      expect(to).toBe('+15550100031');
      // The code is for SMS: claimed as an email code it proves nothing.
      expect((await app.validate(pat, operationId, 'email', code)).status).toBeGreaterThanOrEqual(400);
      const elevated = await app.validate(pat, operationId, 'sms', code);
      expect(elevated.status, elevated.text).toBe(200);
      expect(elevated.body.operation).toBe('transfer_funds');
      expect((await app.call(ROUTES.transfer, pat)).status).toBe(201);
    });

    it('a recovery code elevates once: spent, it proves no later operation; the next code does', async () => {
      const app = await start.one();
      const { session, recoveryCodes } = await app.enrolTotp();
      const first = await stepUpOperationOf(app, ROUTES.transfer, session);
      await elevate(app, session, first, 'recovery', recoveryCodes[0]);
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
      const second = await stepUpOperationOf(app, ROUTES.oneShot, session);
      expectProblem(await app.validate(session, second, 'recovery', recoveryCodes[0]), 401, 'OTP_INVALID');
      expectProblem(await app.call(ROUTES.oneShot, session), 403, 'MFA_REQUIRED');
      await elevate(app, session, second, 'recovery', recoveryCodes[1]);
      expect((await app.call(ROUTES.oneShot, session)).status).toBe(201);
    });

    it('a wrong code elevates nothing: 401 OTP_INVALID, the operation still pending, the route still refused', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, session);
      const code = await app.nextTotpCode();
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      expectProblem(await app.validate(session, operationId, 'totp', wrong), 401, 'OTP_INVALID');
      expect((await app.operation(session, operationId)).body.status).toBe('pending');
      expectProblem(await app.call(ROUTES.transfer, session), 403, 'MFA_REQUIRED');
      expect((await app.validate(session, operationId, 'totp', code)).status).toBe(200);
    });
  });

  describe('the MFA_REQUIRED answer', () => {
    const start = stepUpTestAppPerTest(options);

    it('carries the operation, a new operation_id each time, the methods the user has now, max_age, resumable, and the RFC 9470 challenge', async () => {
      const app = await start.one();
      const ann = await app.signIn('ann');
      const beforeTotp = await app.call(ROUTES.transfer, ann);
      const first = expectStepUpChallenge(beforeTotp, { operation: 'transfer_funds', methods: ['email', 'sms'] });
      expect(beforeTotp.headers['www-authenticate']).toContain('transfer_funds');
      expectNoLeak(beforeTotp.text);

      const { session } = await app.enrolTotp();
      const second = expectStepUpChallenge(await app.call(ROUTES.transfer, session), { operation: 'transfer_funds', methods: ALL_METHODS });
      expect(second).not.toBe(first);
      expectStepUpChallenge(await app.call(ROUTES.transfer, await app.signIn('eve')), { operation: 'transfer_funds', methods: ['email'] });
      expectStepUpChallenge(await app.call(ROUTES.transfer, await app.signIn('pat')), { operation: 'transfer_funds', methods: ['sms'] });
      expectStepUpChallenge(await app.call(ROUTES.export, session), { operation: 'export_report', methods: ALL_METHODS, resumable: true });
    });

    it('without a bearer token the route answers 401 UNAUTHENTICATED, and no operation is started', async () => {
      const app = await start.one();
      const response = await app.call(ROUTES.transfer, undefined);
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.body.operation_id).toBeUndefined();
    });
  });

  describe('challengeStatus: 401', () => {
    const start = stepUpTestAppPerTest({ ...options, challengeStatus: 401 });

    it('answers 401 with the same MFA_REQUIRED document and challenge, and the loop works the same', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.transfer, session), { status: 401, operation: 'transfer_funds', methods: ALL_METHODS });
      expectStepUpChallenge(await app.call(ROUTES.export, session), { status: 401, operation: 'export_report', methods: ALL_METHODS, resumable: true });
      await elevate(app, session, operationId);
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
    });
  });
}
