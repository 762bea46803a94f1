import { describe, expect, it } from 'vitest';
import { expectNoLeak, expectProblem } from '../problem';
import { ALL_METHODS, elevate, expectStepUpChallenge, stepUpOperationOf, UUID } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { PURGE_FAILURE_DETAIL, ROUTES } from './test-routes';

/**
 * A resumable route stores the command of the refused request and runs it once after the code:
 * never twice, never from a body the route would refuse, readable only by its own session, and a
 * failure keeps its internals to the server.
 */
export function resumeCases(options: StepUpTestAppOptions): void {
  describe('resumable operations', () => {
    const start = stepUpTestAppPerTest(options);

    it('the module runs the stored command once after the code; the client reads the result; a retry starts a new operation', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const refused = await app.call(ROUTES.export, session);
      const operationId = expectStepUpChallenge(refused, { operation: 'export_report', methods: ALL_METHODS, resumable: true });
      expect(app.runs.runs).toHaveLength(0);
      expect((await app.operation(session, operationId)).body).toEqual({ id: operationId, operation: 'export_report', status: 'pending' });

      const elevated = await app.validate(session, operationId, 'totp', await app.nextTotpCode());
      expect(elevated.status, elevated.text).toBe(200);
      expect(elevated.body).toMatchObject({ status: 'elevated', operation: 'export_report', correlation_id: operationId, expires_in: 300 });
      expect(['pending', 'completed']).toContain(elevated.body.operation_status);

      const settled = await app.settledOperation(session, operationId);
      expect(settled.status).toBe(200);
      expect(settled.body).toEqual({ id: operationId, operation: 'export_report', status: 'completed', result: { id: expect.stringMatching(UUID), report: 'q3-ledger' } });
      expect(app.runs.runs).toEqual([{ command: 'export', userId: session.userId, result: settled.body.result }]);

      // Done is done: no second code, and the retried request is a new operation whose command waits for its own code.
      expectProblem(await app.validate(session, operationId, 'totp', await app.nextTotpCode()), 409, 'STEP_OUT_OF_ORDER');
      const retried = expectStepUpChallenge(await app.call(ROUTES.export, session), { operation: 'export_report', methods: ALL_METHODS, resumable: true });
      expect(retried).not.toBe(operationId);
      expect((await app.operation(session, operationId)).body.status).toBe('completed');
      expect(app.runs.runs).toHaveLength(1);
    });

    it('the stored command is the one built from the request that was refused', async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = expectStepUpChallenge(await app.call(ROUTES.export, eve, { report: 'payroll-2026' }), { operation: 'export_report', methods: ['email'], resumable: true });
      await elevate(app, eve, operationId, 'email');
      const settled = await app.settledOperation(eve, operationId);
      expect(settled.body).toMatchObject({ status: 'completed', result: { report: 'payroll-2026' } });
      expect(app.runs.runs).toEqual([{ command: 'export', userId: eve.userId, result: settled.body.result }]);
    });

    it('a body the route would refuse is refused (400) before an operation is stored', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const wrongType = await app.call(ROUTES.export, session, { report: 42 });
      expectProblem(wrongType, 400, 'VALIDATION_FAILED');
      expect(wrongType.body.operation_id).toBeUndefined();
      expectProblem(await app.call(ROUTES.export, session, { report: 'q3', format: 'csv' }), 400, 'VALIDATION_FAILED');
      expect(app.runs.runs).toHaveLength(0);
    });

    it('a resumed command that throws marks the operation failed, with a reason that keeps the internals to the server', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.purge, session), { operation: 'purge_archive', methods: ALL_METHODS, resumable: true });
      await elevate(app, session, operationId);
      const settled = await app.settledOperation(session, operationId);
      expect(settled.status).toBe(200);
      expect(settled.body).toMatchObject({ id: operationId, operation: 'purge_archive', status: 'failed', error: expect.stringMatching(/\S/) });
      expect(settled.body.result).toBeUndefined();
      expectNoLeak(settled.text, [PURGE_FAILURE_DETAIL, '10.20.30.40']);
      expect(app.runs.runs).toEqual([{ command: 'purge', userId: session.userId }]);
    });

    it('a resumed operation is readable only by its own session', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.export, session);
      await elevate(app, session, operationId);
      expect((await app.settledOperation(session, operationId)).body.status).toBe('completed');
      expectProblem(await app.operation(await app.signIn('ann'), operationId), 404, 'NOT_FOUND');
      expectProblem(await app.operation(await app.signIn('eve'), operationId), 404, 'NOT_FOUND');
    });

    it('the result stays readable for operationTtlSeconds after it settles, and is gone after', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.export, session);
      await elevate(app, session, operationId);
      expect((await app.settledOperation(session, operationId)).body.status).toBe('completed');
      app.clock.advance(599);
      expect((await app.operation(session, operationId)).body.status).toBe('completed');
      app.clock.advance(2);
      expectProblem(await app.operation(session, operationId), 404, 'NOT_FOUND');
    });
  });
}
