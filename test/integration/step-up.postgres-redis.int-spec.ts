// The step-up loop on the shared stores: users, sessions, TOTP and recovery codes in PostgreSQL;
// pending operations, elevations, OTP challenges, flow state and counters in Redis, in both modes.
// The cases are the ones the memory stores pass (test/e2e/step-up.e2e-spec.ts). Then two instances
// of the app over one database and one Redis prefix, as behind a load balancer: any step of the
// loop may land on either, and a resumable operation validated on both at once runs its command
// exactly once (the pending operation's compare-and-set is the only gate between them).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { assertServicesAnswer } from '../e2e/support/services';
import { expectProblem } from '../e2e/support/problem';
import { stepUpCases } from '../e2e/support/step-up';
import { ALL_METHODS, codeFor, elevate, expectStepUpChallenge, stepUpOperationOf, UUID } from '../e2e/support/step-up/helpers';
import { stepUpTestAppPerTest } from '../e2e/support/step-up/test-app';
import { ROUTES } from '../e2e/support/step-up/test-routes';

const statuses = (responses: readonly Response[]) => JSON.stringify(responses.map((response) => response.status));

describe.each(['stateful', 'stateless'] as const)('step-up, %s, PostgreSQL and Redis', (mode) => {
  // Fails, never skips, without the servers; every app start checks them again.
  beforeAll(assertServicesAnswer);
  const options = { mode, storage: 'postgres-redis' } as const;
  stepUpCases(options);

  describe('two instances on one PostgreSQL and one Redis', () => {
    const start = stepUpTestAppPerTest(options);

    it('the 403 from A, the challenge on B, the code validated on A: the request retried on B passes', async () => {
      const [a, b] = await start.many(2);
      const eve = await a!.signIn('eve');
      const operationId = expectStepUpChallenge(await a!.call(ROUTES.transfer, eve), { operation: 'transfer_funds', methods: ['email'] });
      expect((await b!.operation(eve, operationId)).body).toEqual({ id: operationId, operation: 'transfer_funds', status: 'pending' });
      const challenge = await b!.challenge(eve, operationId, 'email');
      expect(challenge.status, challenge.text).toBe(202);
      const { code, to } = await a!.emailedCode();
      expect(to).toEqual(['eve@example.com']);
      const elevated = await a!.validate(eve, operationId, 'email', code);
      expect(elevated.status, elevated.text).toBe(200);
      expect(elevated.body).toEqual({ status: 'elevated', operation: 'transfer_funds', correlation_id: operationId, expires_in: 300 });
      const retried = await b!.call(ROUTES.transfer, eve);
      expect(retried.status, retried.text).toBe(201);
      expect(retried.body).toEqual({ amount: 125, to: 'acct-77' });
      expect((await b!.operation(eve, operationId)).body.status).toBe('completed');
    });

    it('a one-shot elevation granted on A is spent by one request, on either instance', async () => {
      const [a, b] = await start.many(2);
      const { session } = await a!.enrolTotp();
      await elevate(b!, session, await stepUpOperationOf(a!, ROUTES.oneShot, session));
      const responses = await Promise.all([a!.call(ROUTES.oneShot, session), b!.call(ROUTES.oneShot, session), a!.call(ROUTES.oneShot, session), b!.call(ROUTES.oneShot, session)]);
      expect(responses.map((response) => response.status).sort(), statuses(responses)).toEqual([201, 403, 403, 403]);
    });

    it('a resumable operation validated at once on A (TOTP) and on B (a recovery code) runs its command exactly once; both instances read the result', async () => {
      const [a, b] = await start.many(2);
      const { session, recoveryCodes } = await a!.enrolTotp();
      const operationId = expectStepUpChallenge(await b!.call(ROUTES.export, session), { operation: 'export_report', methods: ALL_METHODS, resumable: true });
      const totpCode = await codeFor(a!, session, operationId, 'totp');
      const responses = await Promise.all([a!.validate(session, operationId, 'totp', totpCode), b!.validate(session, operationId, 'recovery', recoveryCodes[0])]);
      expect(responses.some((response) => response.status === 200), statuses(responses)).toBe(true);
      for (const response of responses) expect([200, 409], statuses(responses)).toContain(response.status);

      const onA = await a!.settledOperation(session, operationId);
      expect(onA.body).toEqual({ id: operationId, operation: 'export_report', status: 'completed', result: { id: expect.stringMatching(UUID), report: 'q3-ledger' } });
      const onB = await b!.operation(session, operationId);
      expect(onB.status).toBe(200);
      expect(onB.body).toEqual(onA.body);
      // Both instances share this process, so one list holds the runs of both.
      expect(a!.runs.runs).toEqual([{ command: 'export', userId: session.userId, result: onA.body.result }]);
    });

    it('one TOTP code sent five times to each instance at once: exactly one elevated answer, and the command runs once', async () => {
      const [a, b] = await start.many(2);
      const { session } = await a!.enrolTotp();
      const operationId = await stepUpOperationOf(a!, ROUTES.export, session);
      const code = await a!.nextTotpCode();
      const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? a! : b!).validate(session, operationId, 'totp', code)));
      expect(responses.filter((response) => response.status === 200), statuses(responses)).toHaveLength(1);
      expect((await b!.settledOperation(session, operationId)).body.status).toBe('completed');
      expect((await a!.operation(session, operationId)).body.status).toBe('completed');
      expect(a!.runs.runs).toHaveLength(1);
    });

    it('logout on A ends the elevation on B', async () => {
      const [a, b] = await start.many(2);
      const { session } = await a!.enrolTotp();
      await elevate(a!, session, await stepUpOperationOf(a!, ROUTES.transfer, session));
      expect((await b!.call(ROUTES.transfer, session)).status).toBe(201);
      expect((await a!.http.post('/auth/logout').set(session.bearer).send({})).status).toBe(204);
      // B trusts its recent answers (the session's "active", the elevation it read) for up to
      // sessionCheckStalenessMs (1 s); past that the logout on A holds on B, and a stateless token,
      // still valid itself, no longer finds its elevation.
      a!.clock.advance(1.001);
      const after = await b!.call(ROUTES.transfer, session);
      expect([401, 403], after.text).toContain(after.status);
      if (after.status === 403) expectProblem(after, 403, 'MFA_REQUIRED');
    });
  });
});
