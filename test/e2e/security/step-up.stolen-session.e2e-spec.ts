// Threat: a stolen session turning itself into a second factor. The setup route needed only a
// session, so a thief could replace the victim's authenticator (or add one to an account that had
// only an email address) and then pass every step-up with codes from their own app. Also: one
// session filling the shared store with pending operations by asking again and again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleOtpSender, OtplibTotpAuthenticator } from '@stepgate/auth';
import { FixedClock } from '@stepgate/auth/testing';
import { type AuthModuleApp, startAuthModuleApp } from '../support/auth-module-app';

const totp = new OtplibTotpAuthenticator();
const clock = new FixedClock(new Date());
let auth: AuthModuleApp;

beforeAll(async () => {
  const quiet = new ConsoleOtpSender({ logger: { log: () => {} } });
  auth = await startAuthModuleApp({ clock, mfa: { senders: { email: quiet, sms: quiet } }, stepUp: { maxPendingPerSession: 5 } }, [
    { username: 'nadia', password: 'pw-of-nadia' },
    { username: 'erin', password: 'pw-of-erin', email: 'erin@example.com' },
  ]);
});
afterAll(() => auth?.app.close());

async function bearerOf(username: string) {
  const { body } = await auth.http.post('/auth/login').send({ username, password: `pw-of-${username}` });
  if (body.status !== 'complete') throw new Error(`expected a completed sign-in, got ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${body.access_token}` };
}

describe('POST /auth/totp/setup with a session alone', () => {
  let nadia: { authorization: string };

  it('lets a user without any factor enrol their first one', async () => {
    nadia = await bearerOf('nadia');
    const begun = await auth.http.post('/auth/totp/setup').set(nadia).send({});
    expect(begun.status).toBe(200);
    const confirmed = await auth.http.post('/auth/totp/setup').set(nadia).send({ code: await totp.generate(begun.body.secret, clock.now()) });
    expect(confirmed.body.enabled).toBe(true);
  });

  it('asks a user with a factor (here TOTP) to step up first, so the thief cannot replace the app', async () => {
    // The same session, now in a thief's hands.
    const refused = await auth.http.post('/auth/totp/setup').set(nadia).send({});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'MFA_REQUIRED', operation: 'enable_totp', methods: ['totp', 'recovery'] });
  });

  it('asks a user with only an email address to step up with it, so the thief cannot add an app of their own', async () => {
    const refused = await auth.http.post('/auth/totp/setup').set(await bearerOf('erin')).send({});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'MFA_REQUIRED', operation: 'enable_totp', methods: ['email'] });
  });
});

describe('pending operations per session', () => {
  it('refuses with 429 and Retry-After once a session has started maxPendingPerSession operations, and counts other sessions apart', async () => {
    const erin = await bearerOf('erin');
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await auth.http.delete('/auth/totp').set(erin));
    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
    expect(answers[5].status).toBe(429);
    expect(answers[5].body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(answers[5].headers['retry-after'])).toBeGreaterThan(0);
    expect((await auth.http.delete('/auth/totp').set(await bearerOf('erin'))).status).toBe(403);
  });
});
