import { describe, expect, it } from 'vitest';
import { codeFor, PARALLEL, statuses, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

/**
 * One operation validated by parallel requests elevates once and runs a resumed command once:
 * validating is one check-and-change in every store, so a replayed code cannot win twice.
 */
export function raceCases(options: StepUpTestAppOptions): void {
  describe('parallel validations of one operation', () => {
    const start = stepUpTestAppPerTest(options);

    it(`one TOTP code sent ${PARALLEL} times at once: exactly one answer is elevated`, async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, session);
      const code = await app.nextTotpCode();
      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => app.validate(session, operationId, 'totp', code)));
      const won = responses.filter((response) => response.status === 200);
      expect(won, JSON.stringify(statuses(responses))).toHaveLength(1);
      expect(won[0]!.body.status).toBe('elevated');
      for (const lost of responses.filter((response) => response.status !== 200)) expect(['OTP_INVALID', 'STEP_OUT_OF_ORDER']).toContain(lost.body.code);
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
    });

    it(`one emailed code sent ${PARALLEL} times at once: exactly one answer is elevated`, async () => {
      const app = await start.one();
      const eve = await app.signIn('eve');
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, eve);
      const code = await codeFor(app, eve, operationId, 'email');
      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => app.validate(eve, operationId, 'email', code)));
      expect(responses.filter((response) => response.status === 200), JSON.stringify(statuses(responses))).toHaveLength(1);
      expect(responses.every((response) => response.status === 200 || (response.status >= 400 && response.status < 500))).toBe(true);
      expect((await app.call(ROUTES.transfer, eve)).status).toBe(201);
    });

    it(`a resumable operation validated ${PARALLEL} times at once with one TOTP code runs its command once`, async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.export, session);
      const code = await app.nextTotpCode();
      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => app.validate(session, operationId, 'totp', code)));
      expect(responses.filter((response) => response.status === 200), JSON.stringify(statuses(responses))).toHaveLength(1);
      const settled = await app.settledOperation(session, operationId);
      expect(settled.body.status).toBe('completed');
      expect(app.runs.runs).toHaveLength(1);
      expect(settled.body.result).toEqual(app.runs.runs[0]!.result);
    });

    it('a resumable operation validated at once with two valid codes (TOTP and a recovery code) runs its command once', async () => {
      const app = await start.one();
      const { session, recoveryCodes } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.export, session);
      const totpCode = await app.nextTotpCode();
      const responses = await Promise.all([app.validate(session, operationId, 'totp', totpCode), app.validate(session, operationId, 'recovery', recoveryCodes[0])]);
      expect(responses.some((response) => response.status === 200), JSON.stringify(statuses(responses))).toBe(true);
      for (const response of responses) expect([200, 409]).toContain(response.status);
      const settled = await app.settledOperation(session, operationId);
      expect(settled.body.status).toBe('completed');
      expect(app.runs.runs).toHaveLength(1);
    });
  });
}
