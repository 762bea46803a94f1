import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem';
import { ALL_METHODS, elevate, expectStepUpChallenge, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

/**
 * An elevation granted to one caller must not be borrowed: not for another operation, by another
 * user or another session, and not after logout.
 */
export function isolationCases(options: StepUpTestAppOptions): void {
  const stateless = options.mode === 'stateless';

  describe('an elevation is for one operation, one user and one session', () => {
    const start = stepUpTestAppPerTest(options);

    it('an elevation for transfer_funds does not open another operation', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      await elevate(app, session, await stepUpOperationOf(app, ROUTES.transfer, session));
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
      expectStepUpChallenge(await app.call(ROUTES.oneShot, session), { operation: 'close_account', methods: ALL_METHODS });
      expectStepUpChallenge(await app.call(ROUTES.shortLived, session), { operation: 'change_email', methods: ALL_METHODS, maxAge: 60 });
      expectStepUpChallenge(await app.call(ROUTES.disableTotp, session), { operation: 'disable_totp', methods: ALL_METHODS });
      expect((await app.http.get('/auth/me').set(session.bearer)).body.mfa.totp_enabled).toBe(true);
    });

    it("another user's operation id answers the same 404 as an unknown one, on challenge, validate and GET /auth/operations/:id", async () => {
      const app = await start.one();
      const ann = await app.signIn('ann');
      const eve = await app.signIn('eve');
      const annOperation = await stepUpOperationOf(app, ROUTES.transfer, ann);
      const unknown = randomUUID();
      const sends = [
        (id: string) => app.challenge(eve, id, 'email'),
        (id: string) => app.validate(eve, id, 'email', '123456'),
        (id: string) => app.operation(eve, id),
      ];
      for (const send of sends) {
        const others = await send(annOperation);
        const nobodys = await send(unknown);
        expectProblem(others, 404, 'NOT_FOUND');
        expectProblem(nobodys, 404, 'NOT_FOUND');
        expect(others.body).toEqual(nobodys.body);
        expect(others.text).not.toContain(annOperation);
      }
      // Nothing was sent to eve for ann's operation, and ann's operation is untouched.
      expect(app.smtp.messages).toHaveLength(0);
      expect((await app.operation(ann, annOperation)).body.status).toBe('pending');
      await elevate(app, ann, annOperation, 'email');
      expect((await app.call(ROUTES.transfer, ann)).status).toBe(201);
      expectProblem(await app.call(ROUTES.transfer, eve), 403, 'MFA_REQUIRED');
    });

    it("another session of the same user cannot use the operation id, even with the code sent for it, and the first session's elevation does not pass for it", async () => {
      const app = await start.one();
      const first = await app.signIn('eve');
      const second = await app.signIn('eve');
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, first);
      expectProblem(await app.challenge(second, operationId, 'email'), 404, 'NOT_FOUND');
      expectProblem(await app.operation(second, operationId), 404, 'NOT_FOUND');
      expect((await app.challenge(first, operationId, 'email')).status).toBe(202);
      const { code } = await app.emailedCode();
      expectProblem(await app.validate(second, operationId, 'email', code), 404, 'NOT_FOUND');
      const elevated = await app.validate(first, operationId, 'email', code);
      expect(elevated.status, elevated.text).toBe(200);
      expect((await app.call(ROUTES.transfer, first)).status).toBe(201);
      const refused = await app.call(ROUTES.transfer, second);
      expect(expectStepUpChallenge(refused, { operation: 'transfer_funds', methods: ['email'] })).not.toBe(operationId);
    });

    it(`logout ends the elevation: the retried request is refused (${stateless ? 'the stateless token still verifies, the elevation is gone' : 'the token is revoked'})`, async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      await elevate(app, session, await stepUpOperationOf(app, ROUTES.transfer, session));
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
      expect((await app.http.post('/auth/logout').set(session.bearer).send({})).status).toBe(204);
      const after = await app.call(ROUTES.transfer, session);
      if (stateless) expectStepUpChallenge(after, { operation: 'transfer_funds', methods: ALL_METHODS });
      else expectProblem(after, 401, 'SESSION_REVOKED');
      expect(after.body.amount).toBeUndefined();
    });

    it('a code validated after logout grants nothing: 401, and the route stays refused', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.transfer, session);
      expect((await app.http.post('/auth/logout').set(session.bearer).send({})).status).toBe(204);
      const validated = await app.validate(session, operationId, 'totp', await app.nextTotpCode());
      expectProblem(validated, 401, 'SESSION_REVOKED');
      expect(validated.body.correlation_id).toBeUndefined();
      const after = await app.call(ROUTES.transfer, session);
      expect(after.status).toBe(stateless ? 403 : 401);
      expect(after.body.amount).toBeUndefined();
    });
  });
}
