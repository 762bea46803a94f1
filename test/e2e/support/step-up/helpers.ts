import { expect } from 'vitest';
import type { Response } from 'supertest';
import { expectProblem } from '../problem';
import type { ElevatedRoute } from './test-routes';
import type { SignedIn, StepUpTestApp } from './test-app.types';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What ann can prove a step-up with once she has TOTP: she also has an email address and a phone. */
export const ALL_METHODS = ['totp', 'email', 'sms', 'recovery'];
export const PARALLEL = 10;

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

export const statuses = (responses: readonly Response[]) => responses.map((response) => response.status);
