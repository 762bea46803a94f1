// The demo's step-up routes as a user goes through them (DESIGN.md section 4, "Step-up" and
// "Resumable operations"): a transfer answers 403 MFA_REQUIRED until the caller validates a code
// for its operation_id, and then passes on retry; an export is kept by the module and run once
// after the code, its result read from GET /auth/operations/:id. Each of the demo users steps up
// with the factor they have: alice her authenticator app, bob an SMS, carol an email. A loopback
// SMTP server and SMS gateway carry the codes, as in mfa.e2e-spec.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OtplibTotpAuthenticator, type SessionMode } from '@stepgate/auth';
import type { HttpPlatform } from '../../apps/demo/src/create-demo-app';
import { DemoUnderTest, signIn, startDemo } from './support/demo-app';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { expectStepUpChallenge, UUID } from './support/step-up/helpers';
import { startSmsTestGateway, type SmsTestGateway } from '../support/sms-test-gateway';

const totp = new OtplibTotpAuthenticator();
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
const codeIn = (text: string | undefined) => /\b([0-9]{6})\b/.exec(text ?? '')?.[1];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const SETUPS: { mode: SessionMode; platform: HttpPlatform }[] = [
  { mode: 'stateful', platform: 'express' },
  { mode: 'stateless', platform: 'express' },
  { mode: 'stateful', platform: 'fastify' },
  { mode: 'stateless', platform: 'fastify' },
];

describe.each(SETUPS)('step-up on the demo ($mode, $platform)', ({ mode, platform }) => {
  let demo: DemoUnderTest;
  let smtp: SmtpTestServer;
  let sms: SmsTestGateway;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    sms = await startSmsTestGateway();
    demo = await startDemo({ mode, platform, smtpUrl: smtp.url, smsWebhookUrl: sms.url });
  });
  afterAll(async () => {
    await demo?.close();
    await smtp?.close();
    await sms?.close();
  });

  const transfer = (token: string, body: object) => demo.http.post('/demo/transfers').set(bearer(token)).send(body);
  const exportReport = (token: string, body: object) => demo.http.post('/demo/reports/export').set(bearer(token)).send(body);
  const exportsOf = (token: string) => demo.http.get('/demo/reports/exports').set(bearer(token));
  const challenge = (token: string, method: 'email' | 'sms', correlationId: string) =>
    demo.http.post('/auth/otp/challenge').set(bearer(token)).send({ method, correlation_id: correlationId });
  const validate = (token: string, method: string, code: string | undefined, correlationId: string) =>
    demo.http.post('/auth/otp/validate').set(bearer(token)).send({ method, code, correlation_id: correlationId });

  /** Asserts the RFC 9470 step-up answer and returns its operation_id. */
  const expectStepUp = (response: Awaited<ReturnType<typeof transfer>>, operation: string, methods: string[], resumable: boolean): string =>
    expectStepUpChallenge(response, { operation, methods, resumable });

  describe('POST /demo/transfers (retry model)', () => {
    let alice: { token: string; secret: string; otherSessionToken: string };

    beforeAll(async () => {
      // Her second session is signed in first: once TOTP is on, a sign-in asks for it.
      const other = await signIn(demo, 'alice');
      const { access_token } = await signIn(demo, 'alice');
      // She can already prove her email address, so enrolling an app is itself behind a step-up.
      const setupId = expectStepUp(await demo.http.post('/auth/totp/setup').set(bearer(access_token)).send({}), 'enable_totp', ['email'], false);
      expect((await challenge(access_token, 'email', setupId)).status).toBe(202);
      expect((await validate(access_token, 'email', codeIn((await smtp.nextMessage()).text), setupId)).body).toMatchObject({ status: 'elevated', operation: 'enable_totp' });
      const begun = await demo.http.post('/auth/totp/setup').set(bearer(access_token)).send({});
      expect(begun.status).toBe(200);
      const confirmed = await demo.http.post('/auth/totp/setup').set(bearer(access_token)).send({ code: await totp.generate(begun.body.secret, new Date()) });
      expect(confirmed.body.enabled).toBe(true);
      alice = { token: access_token, secret: begun.body.secret, otherSessionToken: other.access_token };
    });

    it('alice: 403 MFA_REQUIRED, a TOTP code for its correlation_id, then the retried transfer is 201', async () => {
      const refused = await transfer(alice.token, { amount: 125.5, to: 'bob' });
      const operationId = expectStepUp(refused, 'transfer_funds', ['totp', 'email', 'recovery'], false);

      // The code of the next time step: the one shown while enrolling is spent.
      const elevated = await validate(alice.token, 'totp', await totp.generate(alice.secret, inSeconds(30)), operationId);
      expect(elevated.status).toBe(200);
      expect(elevated.body).toEqual({ status: 'elevated', operation: 'transfer_funds', correlation_id: operationId, expires_in: 300 });

      const done = await transfer(alice.token, { amount: 125.5, to: 'bob' });
      expect(done.status).toBe(201);
      expect(done.headers['cache-control']).toBe('no-store');
      expect(done.body).toEqual({ id: expect.stringMatching(UUID), amount: 125.5, to: 'bob', from: 'alice', created_at: expect.stringMatching(ISO_DATE) });
    });

    it('the elevation lasts for later transfers of that session, each a new one', async () => {
      const first = await transfer(alice.token, { amount: 10, to: 'carol' });
      const second = await transfer(alice.token, { amount: 0.01, to: 'carol' });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toMatchObject({ amount: 0.01, to: 'carol', from: 'alice' });
      expect(second.body.id).not.toBe(first.body.id);
    });

    it('is an elevation for transfer_funds in that session only: not for an export, not for her other session', async () => {
      expectStepUp(await exportReport(alice.token, { report: 'balances' }), 'export_report', ['totp', 'email', 'recovery'], true);
      expectStepUp(await transfer(alice.otherSessionToken, { amount: 1, to: 'bob' }), 'transfer_funds', ['totp', 'email', 'recovery'], false);
    });

    it.each([
      ['three decimals', { amount: 1.005, to: 'bob' }, 'amount'],
      ['a tiny amount written with an exponent', { amount: 1e-7, to: 'bob' }, 'amount'],
      ['zero', { amount: 0, to: 'bob' }, 'amount'],
      ['a negative amount', { amount: -5, to: 'bob' }, 'amount'],
      ['over the upper bound', { amount: 1_000_000.01, to: 'bob' }, 'amount'],
      ['an amount as a string', { amount: '10', to: 'bob' }, 'amount'],
      ['an empty recipient', { amount: 10, to: '' }, 'to'],
      ['an over-long recipient', { amount: 10, to: 'x'.repeat(65) }, 'to'],
      ['no recipient', { amount: 10 }, 'to'],
      ['an unknown field', { amount: 10, to: 'bob', memo: 'rent' }, 'memo'],
    ])('an elevated caller is refused 400 VALIDATION_FAILED for %s', async (_case, body, field) => {
      const response = await transfer(alice.token, body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('bob (a phone, no TOTP) steps up with the code sent to his phone', async () => {
      const { access_token } = await signIn(demo, 'bob');
      const operationId = expectStepUp(await transfer(access_token, { amount: 42, to: 'alice' }), 'transfer_funds', ['sms'], false);

      const sent = await challenge(access_token, 'sms', operationId);
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ method: 'sms', expires_in: 300, destination_hint: '+1•••••••0002' });
      const message = sms.received.at(-1)!;
      expect(message.to).toBe('+15550100002');

      expect((await validate(access_token, 'sms', codeIn(message.message), operationId)).body).toMatchObject({ status: 'elevated', operation: 'transfer_funds' });
      const done = await transfer(access_token, { amount: 42, to: 'alice' });
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ amount: 42, to: 'alice', from: 'bob' });
    });

    it('carol (an email address only) steps up with the emailed code', async () => {
      const { access_token } = await signIn(demo, 'carol');
      const operationId = expectStepUp(await transfer(access_token, { amount: 7.25, to: 'bob' }), 'transfer_funds', ['email'], false);

      const sent = await challenge(access_token, 'email', operationId);
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ method: 'email', destination_hint: 'c•••@example.com' });
      const mail = await smtp.nextMessage();
      expect(mail.envelopeTo).toEqual(['carol@example.com']);

      expect((await validate(access_token, 'email', codeIn(mail.text), operationId)).status).toBe(200);
      const done = await transfer(access_token, { amount: 7.25, to: 'bob' });
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ amount: 7.25, to: 'bob', from: 'carol' });
    });
  });

  describe('POST /demo/reports/export (resumable)', () => {
    it('403 with resumable: true; after the code the module runs the export once, and the caller reads it from /auth/operations/:id', async () => {
      const { access_token } = await signIn(demo, 'carol');
      const operationId = expectStepUp(await exportReport(access_token, { report: 'transactions' }), 'export_report', ['email'], true);
      // Nothing runs before the second factor.
      expect((await exportsOf(access_token)).body).toEqual({ items: [] });
      const waiting = await demo.http.get(`/auth/operations/${operationId}`).set(bearer(access_token));
      expect(waiting.body).toEqual({ id: operationId, operation: 'export_report', status: 'pending' });

      expect((await challenge(access_token, 'email', operationId)).status).toBe(202);
      const mail = await smtp.nextMessage();
      const elevated = await validate(access_token, 'email', codeIn(mail.text), operationId);
      expect(elevated.status).toBe(200);
      expect(elevated.body).toMatchObject({ status: 'elevated', operation: 'export_report', correlation_id: operationId });
      expect(['pending', 'completed']).toContain(elevated.body.operation_status);

      const settled = await vi.waitFor(
        async () => {
          const response = await demo.http.get(`/auth/operations/${operationId}`).set(bearer(access_token));
          expect(response.body.status).toBe('completed');
          return response.body;
        },
        { timeout: 5_000, interval: 25 },
      );
      expect(settled).toEqual({
        id: operationId,
        operation: 'export_report',
        status: 'completed',
        result: { id: expect.stringMatching(UUID), report: 'transactions', exported_at: expect.stringMatching(ISO_DATE) },
      });

      const listed = await exportsOf(access_token);
      expect(listed.status).toBe(200);
      expect(listed.headers['cache-control']).toBe('no-store');
      expect(listed.body).toEqual({ items: [settled.result] });

      // Retrying the request is not how the result is read: it starts a new operation, and the export ran once.
      const retried = await exportReport(access_token, { report: 'transactions' });
      expect(expectStepUp(retried, 'export_report', ['email'], true)).not.toBe(operationId);
      expect((await validate(access_token, 'email', codeIn(mail.text), operationId)).status).toBe(409);
      expect((await exportsOf(access_token)).body).toEqual({ items: [settled.result] });
    });

    it("lists only the caller's own exports", async () => {
      const { access_token } = await signIn(demo, 'bob');
      expect((await exportsOf(access_token)).body).toEqual({ items: [] });
    });

    it.each([
      ['a report that is not offered', { report: 'salaries' }, 'report'],
      ['no report', {}, 'report'],
      ['an unknown field', { report: 'balances', format: 'csv' }, 'format'],
    ])('refuses %s with 400 VALIDATION_FAILED before any operation is kept', async (_case, body, field) => {
      const { access_token } = await signIn(demo, 'carol');
      const response = await exportReport(access_token, body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  it('a session that keeps asking without stepping up is stopped: 429 TOO_MANY_ATTEMPTS with Retry-After, as documented', async () => {
    const { access_token } = await signIn(demo, 'admin');
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push((await transfer(access_token, { amount: 1, to: 'bob' })).status);
    expect(new Set(statuses)).toEqual(new Set([403]));
    const stopped = await exportReport(access_token, { report: 'balances' });
    expect(stopped.status).toBe(429);
    expect(stopped.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stopped.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('refuses the step-up routes without a token: 401 UNAUTHENTICATED', async () => {
    const responses = await Promise.all([demo.http.post('/demo/transfers').send({ amount: 1, to: 'bob' }), demo.http.post('/demo/reports/export').send({ report: 'balances' }), demo.http.get('/demo/reports/exports')]);
    expect(responses.map((response) => [response.status, response.body.code])).toEqual([
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
      [401, 'UNAUTHENTICATED'],
    ]);
  });
});
