// The MFA loop a user of the demo goes through: enrol TOTP from the setup answer, then sign in
// with the password and a second factor (the app's code, an emailed code, an SMS code or a
// recovery code) in both modes, and recover a forgotten password by an emailed code. Real SMTP
// (a loopback server) and a loopback SMS gateway carry the codes.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { OtplibTotpAuthenticator, UserDirectory } from '@stepgate/auth';
import { uniqueTag } from '@stepgate/auth/testing';
import { DEMO_PASSWORDS, DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { removeTaggedUsers } from './support/tagged-users';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { startSmsTestGateway, type SmsTestGateway } from '../support/sms-test-gateway';

const totp = new OtplibTotpAuthenticator();
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
const codeIn = (text: string | undefined) => /\b([0-9]{6})\b/.exec(text ?? '')?.[1];

describe('MFA on the demo', () => {
  let demo: DemoUnderTest;
  let smtp: SmtpTestServer;
  let sms: SmsTestGateway;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsTestGateway();
    demo = await startDemo({ smtpUrl: smtp.url, smsWebhookUrl: sms.url });
  });
  // In the keycloak project new users land in the shared realm: named with this tag, removed by it.
  const tag = uniqueTag();
  afterAll(async () => {
    await removeTaggedUsers(demo, tag);
    await demo?.close();
    await smtp?.close();
    await sms?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /**
   * A user who can already prove a factor (alice her email, bob his phone) steps up for
   * `enable_totp` first, with a code sent to that address: a stolen session cannot enrol its own app.
   */
  async function stepUpForSetup(accessToken: string) {
    const refused = await demo.http.post('/auth/totp/setup').set(bearer(accessToken)).send({});
    if (refused.status === 200) return;
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'MFA_REQUIRED', operation: 'enable_totp' });
    const method = refused.body.methods.includes('email') ? 'email' : 'sms';
    const correlation = { method, correlation_id: refused.body.operation_id };
    expect((await demo.http.post('/auth/otp/challenge').set(bearer(accessToken)).send(correlation)).status).toBe(202);
    const code = method === 'email' ? codeIn((await smtp.nextMessage()).text) : codeIn(sms.received.at(-1)?.message);
    const elevated = await demo.http.post('/auth/otp/validate').set(bearer(accessToken)).send({ ...correlation, code });
    expect(elevated.body).toMatchObject({ status: 'elevated', operation: 'enable_totp' });
  }

  /** Enrols TOTP for a demo user and returns the secret and the recovery codes. */
  async function enrol(username: keyof typeof DEMO_PASSWORDS) {
    const { access_token } = await signIn(demo, username);
    await stepUpForSetup(access_token);
    const begun = await demo.http.post('/auth/totp/setup').set(bearer(access_token)).send({});
    expect(begun.status).toBe(200);
    expect(begun.body.qr_code).toMatch(/^data:image\/png;base64,/);
    expect(begun.body.otpauth_url).toContain(`secret=${begun.body.secret}`);
    const confirmed = await demo.http.post('/auth/totp/setup').set(bearer(access_token)).send({ code: await totp.generate(begun.body.secret, new Date()) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.enabled).toBe(true);
    expect(confirmed.body.recovery_codes).toHaveLength(10);
    return { secret: begun.body.secret as string, recoveryCodes: confirmed.body.recovery_codes as string[], accessToken: access_token };
  }

  const password = (username: keyof typeof DEMO_PASSWORDS, extra: object = {}) =>
    demo.http.post('/auth/login').send({ username, password: DEMO_PASSWORDS[username], ...extra });

  let alice: Awaited<ReturnType<typeof enrol>>;

  it('alice enrols TOTP; /auth/me then reports it with every method she can use', async () => {
    alice = await enrol('alice');
    const me = await demo.http.get('/auth/me').set(bearer(alice.accessToken));
    expect(me.body.mfa).toEqual({ totp_enabled: true, methods: ['totp', 'email', 'recovery'] });
  });

  it('alice signs in with password and TOTP (stateful): the session carries pwd, otp and mfa, acr 2', async () => {
    const first = await password('alice');
    expect(first.body).toMatchObject({ status: 'next_step', next_steps: ['totp', 'email-otp', 'recovery-code'] });
    // The code of the next time step: the one shown while enrolling is spent.
    const done = await demo.http.post('/auth/otp/validate').send({ method: 'totp', code: await totp.generate(alice.secret, inSeconds(30)), session_id: first.body.session_id });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('complete');
    const me = await demo.http.get('/auth/me').set(bearer(done.body.access_token));
    expect(me.body.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(me.body.acr).toBe('2');
  });

  it('the code shown while enrolling cannot also sign in, and an accepted code is not accepted again', async () => {
    const dora = await newUser(`dora-mfa-${tag}`);
    const { secret, enrolmentCode } = await enrolUser(dora);
    const first = await passwordOf(dora);
    expect((await demo.http.post('/auth/otp/validate').send({ method: 'totp', code: enrolmentCode, session_id: first.body.session_id })).body.code).toBe('OTP_INVALID');
    const next = await totp.generate(secret, inSeconds(30));
    expect((await demo.http.post('/auth/otp/validate').send({ method: 'totp', code: next, session_id: first.body.session_id })).status).toBe(200);
    const second = await passwordOf(dora);
    const replay = await demo.http.post('/auth/otp/validate').send({ method: 'totp', code: next, session_id: second.body.session_id });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('OTP_INVALID');
  });

  it('alice signs in statelessly with an emailed code: the challenge masks the address, the mail carries the code', async () => {
    const first = await password('alice', { track_session: false });
    expect(first.body.pre_auth_token).toEqual(expect.any(String));
    const challenge = await demo.http.post('/auth/otp/challenge').send({ method: 'email', pre_auth_token: first.body.pre_auth_token });
    expect(challenge.status).toBe(202);
    expect(challenge.body).toMatchObject({ method: 'email', expires_in: 300, destination_hint: 'a•••@example.com' });
    const mail = await smtp.nextMessage();
    expect(mail.envelopeTo).toEqual(['alice@example.com']);
    const done = await demo.http.post('/auth/otp/validate').send({ method: 'email', code: codeIn(mail.text), pre_auth_token: first.body.pre_auth_token });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('complete');
  });

  it('a recovery code signs alice in once; the second use is refused', async () => {
    const first = await password('alice');
    expect((await demo.http.post('/auth/otp/validate').send({ method: 'recovery', code: alice.recoveryCodes[0], session_id: first.body.session_id })).status).toBe(200);
    const again = await password('alice');
    const reused = await demo.http.post('/auth/otp/validate').send({ method: 'recovery', code: alice.recoveryCodes[0], session_id: again.body.session_id });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('OTP_INVALID');
  });

  it('bob, once enrolled, receives an SMS code on his phone and signs in with it', async () => {
    await enrol('bob');
    const first = await password('bob');
    expect(first.body.next_steps).toEqual(['totp', 'sms-otp', 'recovery-code']);
    const challenge = await demo.http.post('/auth/otp/challenge').send({ method: 'sms', session_id: first.body.session_id });
    expect(challenge.status).toBe(202);
    expect(challenge.body.destination_hint).toBe('+1•••••••0002');
    const message = sms.received.at(-1)!;
    expect(message.to).toBe('+15550100002');
    const done = await demo.http.post('/auth/validate/sms-otp').send({ options: { code: codeIn(message.message) }, session_id: first.body.session_id });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('complete');
  });

  it('carol resets a forgotten password with the emailed code; her sessions end, the new password works', async () => {
    const before = await signIn(demo, 'carol');
    // In the keycloak project carol is the shared realm's user: she gets her demo password back.
    onTestFinished(async () => {
      await demo.app.get(UserDirectory).update(before.user.id, { password: DEMO_PASSWORDS.carol });
    });
    const forgot = await demo.http.post('/auth/password/forgot').send({ username: 'carol' });
    expect(forgot.status).toBe(202);
    const mail = await smtp.nextMessage();
    expect(mail.envelopeTo).toEqual(['carol@example.com']);
    const reset = await demo.http.post('/auth/password/reset').send({ challenge_id: forgot.body.challenge_id, code: codeIn(mail.text), new_password: 'a brand new carol password' });
    expect(reset.status).toBe(204);
    expect((await demo.http.get('/auth/me').set(bearer(before.access_token))).status).toBe(401);
    expect((await demo.http.post('/auth/login').send({ username: 'carol', password: 'a brand new carol password' })).status).toBe(200);
  });

  it('a forgotten-password request answers alike for nobody: 202 with the same shape', async () => {
    const nobody = await demo.http.post('/auth/password/forgot').send({ username: 'nobody-here' });
    expect(nobody.status).toBe(202);
    expect(Object.keys(nobody.body).sort()).toEqual(['challenge_id', 'expires_in']);
    expect(nobody.body.expires_in).toBe(300);
  });

  const NEW_USER_PASSWORD = 'a long enough new-user password';
  async function newUser(username: string) {
    const admin = await signIn(demo, 'admin');
    const created = await demo.http.post('/auth/users').set(bearer(admin.access_token)).send({ username, password: NEW_USER_PASSWORD });
    expect(created.status).toBe(201);
    return username;
  }
  const passwordOf = (username: string) => demo.http.post('/auth/login').send({ username, password: NEW_USER_PASSWORD });
  async function enrolUser(username: string) {
    const { body } = await passwordOf(username);
    const begun = await demo.http.post('/auth/totp/setup').set(bearer(body.access_token)).send({});
    const enrolmentCode = await totp.generate(begun.body.secret, new Date());
    expect((await demo.http.post('/auth/totp/setup').set(bearer(body.access_token)).send({ code: enrolmentCode })).status).toBe(200);
    return { secret: begun.body.secret as string, enrolmentCode };
  }
});
