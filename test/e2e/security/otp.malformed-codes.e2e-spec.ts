// Threat: crafted codes crashing or slipping past the code checks. Padding, full-width digits, a
// 10,000-digit string, a number and an array reach every route that takes a code; each must answer
// a 4xx problem document, never a 500, and never complete a sign-in. The wrong type or size is 400
// everywhere; a well-typed string that is not a code is 400 where a step's schema checks its shape
// (the sign-in flow's routes) and 401 where the code itself is checked (setup, step-up, reset).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MfaTestApp, startMfaTestApp } from '../support/mfa-test-app';
import { expectProblemShape, PROBLEM_JSON } from '../support/problem';

let mfa: MfaTestApp;
let enrolled: Awaited<ReturnType<MfaTestApp['enrolTotp']>>;
beforeAll(async () => {
  mfa = await startMfaTestApp();
  enrolled = await mfa.enrolTotp();
  // The setup route is behind an elevation once a factor exists: hold one, so the codes reach it.
  const refused = await mfa.http.post('/auth/totp/setup').set(bearer()).send({});
  const elevated = await mfa.http.post('/auth/otp/validate').set(bearer()).send({ method: 'totp', code: await mfa.totpCode(enrolled.secret), correlation_id: refused.body.operation_id });
  if (elevated.body.status !== 'elevated') throw new Error(`no elevation for enable_totp: ${elevated.text}`);
});
afterAll(() => mfa?.close());

/** `string`: a string of the accepted length that is no code; `type or size`: refused before any check. */
const MALFORMED: [string, unknown, 'string' | 'type or size'][] = [
  ['a padded code', ' 123456', 'string'],
  ['full-width digits', '１２３４５６', 'string'],
  ['10,000 digits', '1'.repeat(10_000), 'type or size'],
  ['a number', 123456, 'type or size'],
  ['an array', ['123456'], 'type or size'],
  ['an object', { $gt: '' }, 'type or size'],
  ['null', null, 'type or size'],
];

/** The route, how it sends a code, and the status a well-typed string that is no code gets there. */
type Route = [string, (code: unknown) => Promise<import('supertest').Response>, 400 | 401];
const bearer = () => ({ authorization: `Bearer ${enrolled.accessToken}` });
/** A fresh step-up operation: the operation_id of DELETE /auth/totp's MFA_REQUIRED answer. */
const stepUpOperation = async (): Promise<string> => (await mfa.http.delete('/auth/totp').set(bearer())).body.operation_id;
const ROUTES: Route[] = [
  ['POST /auth/otp/validate (totp)', async (code) => mfa.http.post('/auth/otp/validate').send({ method: 'totp', code, ...(await mfa.pendingFlow()) }), 400],
  ['POST /auth/otp/validate (recovery)', async (code) => mfa.http.post('/auth/otp/validate').send({ method: 'recovery', code, ...(await mfa.pendingFlow()) }), 400],
  ['POST /auth/validate/totp', async (code) => mfa.http.post('/auth/validate/totp').send({ options: { code }, ...(await mfa.pendingFlow()) }), 400],
  ['POST /auth/validate/recovery-code', async (code) => mfa.http.post('/auth/validate/recovery-code').send({ options: { code }, ...(await mfa.pendingFlow()) }), 400],
  ['POST /auth/totp/setup', async (code) => mfa.http.post('/auth/totp/setup').set(bearer()).send({ code }), 401],
  ['POST /auth/otp/validate (step-up)', async (code) => mfa.http.post('/auth/otp/validate').set(bearer()).send({ method: 'totp', code, correlation_id: await stepUpOperation() }), 401],
  ['POST /auth/password/reset', async (code) => mfa.http.post('/auth/password/reset').send({ challenge_id: 'an-unknown-challenge', code, new_password: 'a long enough new password' }), 401],
];

describe.each(ROUTES)('%s with a malformed code', (_route, send, forNoCode) => {
  it.each(MALFORMED)('%s: a 4xx problem, no token', async (_name, code, kind) => {
    const expected = kind === 'type or size' ? 400 : forNoCode;
    const response = await send(code);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expectProblemShape(response);
    expect(response.body.access_token).toBeUndefined();
    expect(response.status).toBe(expected);
    if (expected === 400) expect(response.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('after every malformed code above', () => {
  it('TOTP is still enabled and the real code still signs in', async () => {
    const me = await mfa.http.get('/auth/me').set(bearer());
    expect(me.body.mfa.totp_enabled).toBe(true);
    mfa.clock.advance(30);
    const done = await mfa.http.post('/auth/otp/validate').send({ method: 'totp', code: await mfa.totpCode(enrolled.secret), ...(await mfa.pendingFlow()) });
    expect(done.status).toBe(200);
  });
});
