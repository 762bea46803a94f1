import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { type ElevatedRoute, PURGE_FAILURE_DETAIL, ROUTES, type SignedIn, type StepUpTestApp, type StepUpTestAppOptions, stepUpTestAppPerTest } from './step-up-test-app';
import { expectFieldError, expectNoLeak, expectProblem } from './problem';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What ann can prove a step-up with once she has TOTP: she also has an email address and a phone. */
export const ALL_METHODS = ['totp', 'email', 'sms', 'recovery'];
const PARALLEL = 10;

export interface ExpectedChallenge {
  readonly status?: 401 | 403;
  readonly operation: string;
  readonly methods: readonly string[];
  readonly maxAge?: number;
  readonly resumable?: boolean;
}

/**
 * Asserts the step-up answer of DESIGN.md section 4 (RFC 9470): `MFA_REQUIRED` with the operation,
 * a fresh operation id, the methods, `max_age` and `resumable`, and the `WWW-Authenticate`
 * challenge; answers the operation id.
 */
export function expectStepUpChallenge(response: Response, expected: ExpectedChallenge): string {
  const { status = 403, operation, methods, maxAge = 300, resumable = false } = expected;
  expectProblem(response, status, 'MFA_REQUIRED');
  expect(response.body).toMatchObject({ operation, operation_id: expect.stringMatching(UUID), max_age: maxAge, resumable });
  // The order is the one a client offers them in.
  expect(response.body.methods).toEqual(methods);
  expect(response.headers['www-authenticate']).toMatch(new RegExp(`^Bearer error="insufficient_user_authentication", error_description="[^"\\r\\n]+", max_age=${maxAge}$`));
  return response.body.operation_id as string;
}

/** The operation id of the route's step-up answer for `session`. */
export async function stepUpOperationOf(app: StepUpTestApp, route: ElevatedRoute, session: SignedIn): Promise<string> {
  const response = await app.call(route, session);
  expectProblem(response, response.status === 401 ? 401 : 403, 'MFA_REQUIRED');
  expect(response.body.operation).toBe(route.operation);
  return response.body.operation_id as string;
}

/** A code that proves `method` for the operation: a fresh TOTP code, the given recovery code, or one sent by email or SMS for it. */
export async function codeFor(app: StepUpTestApp, session: SignedIn, operationId: string, method: 'totp' | 'email' | 'sms' | 'recovery', recoveryCode?: string): Promise<string> {
  if (method === 'totp') return app.nextTotpCode();
  if (method === 'recovery') return recoveryCode!;
  const challenge = await app.challenge(session, operationId, method);
  expect(challenge.status, challenge.text).toBe(202);
  return method === 'email' ? (await app.emailedCode()).code : app.textedCode().code;
}

/** Validates a code for the operation and asserts the `elevated` answer. */
export async function elevate(app: StepUpTestApp, session: SignedIn, operationId: string, method: 'totp' | 'email' | 'sms' | 'recovery' = 'totp', recoveryCode?: string): Promise<Response> {
  const response = await app.validate(session, operationId, method, await codeFor(app, session, operationId, method, recoveryCode));
  expect(response.status, response.text).toBe(200);
  expect(response.body).toMatchObject({ status: 'elevated', correlation_id: operationId });
  return response;
}

const statuses = (responses: readonly Response[]) => responses.map((response) => response.status);
const flowOf = (body: Record<string, string>) => (body.session_id ? { session_id: body.session_id } : { pre_auth_token: body.pre_auth_token });

/**
 * The step-up loop of DESIGN.md section 4 over HTTP, on the stores `options` name: a sensitive route
 * answers MFA_REQUIRED, a code validated with its operation id elevates that caller for that
 * operation only, and the retried request passes (or, for a resumable route, the module runs the
 * command once and the client reads the result). Each case is named for what it stops.
 */
export function stepUpCases(options: StepUpTestAppOptions): void {
  const stateless = options.mode === 'stateless';

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
