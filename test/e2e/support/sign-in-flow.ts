import { expect } from 'vitest';
import type { Response } from 'supertest';
import type { HttpPlatform } from '../../../apps/demo/src/create-demo-app';
import type { DemoConfig } from '../../../apps/demo/src/demo-config';
import { DEMO_PASSWORDS, DemoUnderTest, startDemo } from './demo-app';

export type Mode = 'stateful' | 'stateless';
export const MODES: readonly Mode[] = ['stateful', 'stateless'];

/** The demo's access PIN in the tests (DEMO_ACCESS_PIN). */
export const PIN = '246810';
export const WRONG_PIN = '135790';

/** The two schemas `GET /auth/options` must publish, exactly as the steps define them. */
export const USERNAME_PASSWORD_OPTIONS = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Username and password',
  type: 'object',
  properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: { type: 'string', minLength: 1, maxLength: 1024, format: 'password' } },
  required: ['username', 'password'],
  additionalProperties: false,
};
export const ACCESS_PIN_OPTIONS = { type: 'object', properties: { pin: { type: 'string', pattern: '^[0-9]{6}$' } }, required: ['pin'], additionalProperties: false };

/** The demo with the access-PIN step on: every sign-in is password, then PIN. */
export function startPinDemo(mode: Mode, overrides: Partial<DemoConfig> & { platform?: HttpPlatform } = {}): Promise<DemoUnderTest> {
  return startDemo({ accessPin: PIN, mode, ...overrides });
}

export interface NextStep {
  status: 'next_step';
  user_id: string;
  next_steps: string[];
  session_id?: string;
  pre_auth_token?: string;
  expires_in: number;
}

/** Which reference field a flow of `mode` travels in, and the other one. */
export const referenceField = (mode: Mode) => (mode === 'stateful' ? 'session_id' : 'pre_auth_token');
export const otherReferenceField = (mode: Mode) => (mode === 'stateful' ? 'pre_auth_token' : 'session_id');

/** The next-step response of DESIGN.md section 4, with exactly the reference field of `mode`. */
export function expectNextStep(response: Response, mode: Mode): NextStep {
  expect(response.status, response.text).toBe(200);
  expect(response.body).toStrictEqual({
    status: 'next_step',
    user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    next_steps: ['access-pin'],
    [referenceField(mode)]: expect.any(String),
    expires_in: 300,
  });
  return response.body as NextStep;
}

/** The flow reference of a next-step answer, as the next request sends it. */
export const referenceOf = (next: NextStep) => (next.session_id !== undefined ? { session_id: next.session_id } : { pre_auth_token: next.pre_auth_token! });

/** Passes the password step over `/auth/validate/username-password`. */
export async function startFlow(demo: DemoUnderTest, mode: Mode, username: keyof typeof DEMO_PASSWORDS = 'alice', extra: Record<string, unknown> = {}): Promise<NextStep> {
  const response = await demo.http.post('/auth/validate/username-password').send({ options: { username, password: DEMO_PASSWORDS[username] }, ...extra });
  return expectNextStep(response, mode);
}

export const submitPin = (demo: DemoUnderTest, next: NextStep | Record<string, unknown>, pin = PIN) =>
  demo.http.post('/auth/validate/access-pin').send({ options: { pin }, ...('status' in next ? referenceOf(next as NextStep) : next) });
