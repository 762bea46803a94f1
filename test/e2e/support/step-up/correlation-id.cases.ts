import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectFieldError, expectProblem } from '../problem';
import { expectStepUpChallenge, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

/**
 * A malformed, unknown or expired operation id, or one sent without the bearer token, is refused
 * before a code is sent or an elevation granted.
 */
export function correlationIdCases(options: StepUpTestAppOptions): void {
  describe('correlation_id is checked before anything is sent or granted', () => {
    const start = stepUpTestAppPerTest(options);

    it.each([
      ['not a UUID', 'transfer_funds'],
      ['a number', 12345],
      ['empty', ''],
      ['an object', { $ne: null }],
    ])('%s: 400 VALIDATION_FAILED on correlation_id, on challenge and validate', async (_name, correlationId) => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      expectFieldError(await app.challenge(eve, correlationId, 'email'), 'correlation_id');
      expectFieldError(await app.validate(eve, correlationId, 'email', '123456'), 'correlation_id');
      expect(app.smtp.messages).toHaveLength(0);
    });

    it('an unknown operation id: 404 NOT_FOUND on challenge, validate and GET; a malformed id on GET is 404 as well', async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const unknown = randomUUID();
      expectProblem(await app.challenge(eve, unknown, 'email'), 404, 'NOT_FOUND');
      expectProblem(await app.validate(eve, unknown, 'email', '123456'), 404, 'NOT_FOUND');
      expectProblem(await app.operation(eve, unknown), 404, 'NOT_FOUND');
      expectProblem(await app.operation(eve, 'not-an-id'), 404, 'NOT_FOUND');
      expect(app.smtp.messages).toHaveLength(0);
    });

    it('a pending operation lives for operationTtlSeconds (600 s): readable at 599 s, 404 everywhere after; the request then starts a new one', async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, eve);
      app.clock.advance(599);
      expect((await app.operation(eve, operationId)).body).toMatchObject({ id: operationId, status: 'pending' });
      app.clock.advance(2);
      expectProblem(await app.operation(eve, operationId), 404, 'NOT_FOUND');
      expectProblem(await app.challenge(eve, operationId, 'email'), 404, 'NOT_FOUND');
      expectProblem(await app.validate(eve, operationId, 'email', '123456'), 404, 'NOT_FOUND');
      expect(app.smtp.messages).toHaveLength(0);
      const next = expectStepUpChallenge(await app.call(ROUTES.transfer, eve), { operation: 'transfer_funds', methods: ['email'] });
      expect(next).not.toBe(operationId);
    });

    it('a code sent for an operation that then expires elevates nothing', async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, eve);
      expect((await app.challenge(eve, operationId, 'email')).status).toBe(202);
      const { code } = await app.emailedCode();
      app.clock.advance(601);
      expectProblem(await app.validate(eve, operationId, 'email', code), 404, 'NOT_FOUND');
      expectProblem(await app.call(ROUTES.transfer, eve), 403, 'MFA_REQUIRED');
    });

    it.each([
      ['session_id', { session_id: 'a-pending-sign-in' }],
      ['pre_auth_token', { pre_auth_token: 'a.sealed.pre.auth.token' }],
    ])('correlation_id together with %s: 400 VALIDATION_FAILED', async (_name, extra) => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, eve);
      expectProblem(await app.challenge(eve, operationId, 'email', extra), 400, 'VALIDATION_FAILED');
      expectProblem(await app.validate(eve, operationId, 'email', '123456', extra), 400, 'VALIDATION_FAILED');
      expect(app.smtp.messages).toHaveLength(0);
      expect((await app.operation(eve, operationId)).body.status).toBe('pending');
    });

    it('correlation_id without the bearer token: 401 UNAUTHENTICATED on challenge and validate, and the operation is untouched', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, session);
      expectProblem(await app.challenge(undefined, operationId, 'email'), 401, 'UNAUTHENTICATED');
      const code = await app.nextTotpCode();
      expectProblem(await app.validate(undefined, operationId, 'totp', code), 401, 'UNAUTHENTICATED');
      expect(app.smtp.messages).toHaveLength(0);
      expect((await app.operation(session, operationId)).body.status).toBe('pending');
      // The code was not spent by the refused request.
      expect((await app.validate(session, operationId, 'totp', code)).status).toBe(200);
    });
  });
}
