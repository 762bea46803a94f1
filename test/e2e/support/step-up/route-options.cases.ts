import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem';
import { ALL_METHODS, elevate, expectStepUpChallenge, PARALLEL, statuses, stepUpOperationOf } from './helpers';
import { stepUpTestAppPerTest } from './test-app';
import type { StepUpTestAppOptions } from './test-app.types';
import { ROUTES } from './test-routes';

/**
 * Each `@VerifyElevation` option narrows what an elevation buys: `oneShot` spends it on one request,
 * `maxAge` ends it, `methods` limits the factors, and `acceptRecentAuthentication` lets only a recent
 * sign-in with MFA stand in for it.
 */
export function routeOptionCases(options: StepUpTestAppOptions): void {
  describe('route options', () => {
    const start = stepUpTestAppPerTest(options);

    it('oneShot: the elevation authorizes one request; the next one is asked to step up again, under a new operation id', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = await stepUpOperationOf(app, ROUTES.oneShot, session);
      await elevate(app, session, operationId);
      const once = await app.call(ROUTES.oneShot, session);
      expect(once.status).toBe(201);
      expect(once.body).toEqual({ closed: true });
      const twice = await app.call(ROUTES.oneShot, session);
      expect(expectStepUpChallenge(twice, { operation: 'close_account', methods: ALL_METHODS })).not.toBe(operationId);
    });

    it('a method-level one-shot requirement under a class-level one is checked once: its elevation passes one request', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      await elevate(app, session, await stepUpOperationOf(app, ROUTES.stacked, session));
      expect((await app.call(ROUTES.stacked, session)).body).toEqual({ withdrawn: true });
      expectStepUpChallenge(await app.call(ROUTES.stacked, session), { operation: 'withdraw_from_vault', methods: ALL_METHODS });
    });

    it('a one-shot elevation sent for by parallel requests authorizes exactly one of them', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      await elevate(app, session, await stepUpOperationOf(app, ROUTES.oneShot, session));
      const responses = await Promise.all(Array.from({ length: PARALLEL }, () => app.call(ROUTES.oneShot, session)));
      expect(statuses(responses).sort()).toEqual([201, ...Array<number>(PARALLEL - 1).fill(403)]);
    });

    it('the default max_age (300 s): the elevation passes at 299 s and is dead at 301 s', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      await elevate(app, session, await stepUpOperationOf(app, ROUTES.transfer, session));
      app.clock.advance(299);
      expect((await app.call(ROUTES.transfer, session)).status).toBe(201);
      app.clock.advance(2);
      expectStepUpChallenge(await app.call(ROUTES.transfer, session), { operation: 'transfer_funds', methods: ALL_METHODS });
    });

    it('maxAge: 60: max_age=60 in the answer and the header, an elevation of 60 s, dead at 61 s', async () => {
      const app = await start.one();
      const { session } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.shortLived, session), { operation: 'change_email', methods: ALL_METHODS, maxAge: 60 });
      const elevated = await elevate(app, session, operationId);
      expect(elevated.body.expires_in).toBe(60);
      app.clock.advance(59);
      expect((await app.call(ROUTES.shortLived, session)).status).toBe(201);
      app.clock.advance(2);
      expectStepUpChallenge(await app.call(ROUTES.shortLived, session), { operation: 'change_email', methods: ALL_METHODS, maxAge: 60 });
    });

    it("methods: ['totp']: the answer lists only totp; an email challenge and a recovery code are refused 409; TOTP elevates", async () => {
      const app = await start.one();
      const { session, recoveryCodes } = await app.enrolTotp();
      const operationId = expectStepUpChallenge(await app.call(ROUTES.totpOnly, session), { operation: 'rotate_api_key', methods: ['totp'] });
      expectProblem(await app.challenge(session, operationId, 'email'), 409, 'STEP_OUT_OF_ORDER');
      expectProblem(await app.challenge(session, operationId, 'sms'), 409, 'STEP_OUT_OF_ORDER');
      expect(app.smtp.messages).toHaveLength(0);
      expect(app.sms.received).toHaveLength(0);
      expectProblem(await app.validate(session, operationId, 'recovery', recoveryCodes[0]), 409, 'STEP_OUT_OF_ORDER');
      await elevate(app, session, operationId, 'totp');
      expect((await app.call(ROUTES.totpOnly, session)).status).toBe(201);
      // The refused recovery code was not spent.
      const next = await stepUpOperationOf(app, ROUTES.transfer, session);
      expect((await app.validate(session, next, 'recovery', recoveryCodes[0])).status).toBe(200);
    });

    it('acceptRecentAuthentication: a sign-in with MFA passes until auth_time + max_age, not after; a password-only sign-in and a route without the opt-in are refused', async () => {
      const app = await start.one();
      const { session: passwordOnly } = await app.enrolTotp();
      expectStepUpChallenge(await app.call(ROUTES.recent, passwordOnly), { operation: 'view_statements', methods: ALL_METHODS });
      const withMfa = await app.signIn('ann');
      const me = await app.http.get('/auth/me').set(withMfa.bearer);
      expect(me.body.amr).toContain('mfa');
      const passed = await app.call(ROUTES.recent, withMfa);
      expect(passed.status, passed.text).toBe(200);
      expect(passed.body).toEqual({ statements: [] });
      // Completing a sign-in with MFA is not an elevation for a route that did not opt in.
      expectStepUpChallenge(await app.call(ROUTES.transfer, withMfa), { operation: 'transfer_funds', methods: ALL_METHODS });
      app.clock.advance(299);
      expect((await app.call(ROUTES.recent, withMfa)).status).toBe(200);
      app.clock.advance(2);
      expectStepUpChallenge(await app.call(ROUTES.recent, withMfa), { operation: 'view_statements', methods: ALL_METHODS });
    });
  });
}
