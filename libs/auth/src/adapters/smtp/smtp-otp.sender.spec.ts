// A code that did not reach the mail server must never look sent: the user would wait for a mail
// that never comes while the challenge stays guessable. And a stuck relay must not hold the
// user's request for nodemailer's default of minutes.
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { startSmtpTestServer, type SmtpTestServer } from '../../../../../test/support/smtp-test-server';
import { OtpDeliveryFailedError } from '../../domain/auth-error';
import type { OtpMessage } from '../../ports/otp-sender';
import { OtpSenderConfigError } from '../otp-sender-config.error';
import { SmtpOtpSender } from './smtp-otp.sender';

const FROM = 'Stepgate <no-reply@stepgate.test>';
const message: OtpMessage = { channel: 'email', to: 'alice@example.com', code: '482913', purpose: 'sign-in', username: 'alice', expiresInSeconds: 300 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, OtpDeliveryFailedError);

describe('SmtpOtpSender against a real SMTP server', () => {
  let smtp: SmtpTestServer | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await smtp?.close();
    smtp = undefined;
  });

  it('delivers the code to the recipient, with the subject of its purpose, from the configured sender', async () => {
    smtp = await startSmtpTestServer();
    await new SmtpOtpSender({ url: smtp.url, from: FROM }).send(message);

    const mail = await smtp.nextMessage();
    expect(mail.envelopeTo).toEqual(['alice@example.com']);
    expect(mail.to).toMatchObject({ value: [{ address: 'alice@example.com' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'no-reply@stepgate.test' }] });
    expect(mail.subject).toBe('Your sign-in code');
    expect(mail.text).toContain('482913');
  });

  it('renders with the templates it was given, HTML alternative included', async () => {
    smtp = await startSmtpTestServer();
    const sender = new SmtpOtpSender({
      url: smtp.url,
      from: FROM,
      templates: { email: (m) => ({ subject: `Acme ${m.purpose}`, text: `Code ${m.code}`, html: `<p>Code <b>${m.code}</b></p>` }) },
    });
    await sender.send({ ...message, purpose: 'password-reset' });

    const mail = await smtp.nextMessage();
    expect(mail.subject).toBe('Acme password-reset');
    expect(mail.text?.trim()).toBe('Code 482913');
    expect(mail.html).toContain('<b>482913</b>');
  });

  it('accepts transport options instead of a URL', async () => {
    smtp = await startSmtpTestServer();
    const { port } = new URL(smtp.url.replace('smtp:', 'http:'));
    await new SmtpOtpSender({ transport: { host: '127.0.0.1', port: Number(port), secure: false, ignoreTLS: true }, from: FROM }).send(message);
    expect((await smtp.nextMessage()).text).toContain('482913');
  });

  it('creates its transport once, not per code', async () => {
    smtp = await startSmtpTestServer();
    const nodemailer = createRequire(__filename)('nodemailer') as typeof import('nodemailer');
    const createTransport = vi.spyOn(nodemailer, 'createTransport');
    const sender = new SmtpOtpSender({ url: smtp.url, from: FROM });
    await sender.send(message);
    await sender.send({ ...message, code: '000111' });

    expect(createTransport).toHaveBeenCalledTimes(1);
    expect(smtp.messages.map((mail) => /\d{6}/.exec(mail.text ?? '')?.[0])).toEqual(['482913', '000111']);
  });

  it('fails the delivery when the server refuses the recipient (550), keeping the reply as the cause only', async () => {
    smtp = await startSmtpTestServer({ mode: 'reject-recipient' });
    const error = await failureOf(new SmtpOtpSender({ url: smtp.url, from: FROM }).send(message));

    expect(error.message).toBe('The code could not be sent. Try again later.');
    expect(String((error.cause as Error).message)).toMatch(/550/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('fails the delivery when nobody listens at the address (connection refused)', async () => {
    const port = await freePort();
    const error = await failureOf(new SmtpOtpSender({ url: `smtp://127.0.0.1:${port}`, from: FROM }).send(message));
    expect((error.cause as NodeJS.ErrnoException).code).toMatch(/ECONNREFUSED|ESOCKET/);
  });

  it('gives up on a server that takes the connection and never answers, within the timeout', async () => {
    smtp = await startSmtpTestServer({ mode: 'hang' });
    const started = Date.now();
    await failureOf(new SmtpOtpSender({ url: smtp.url, from: FROM, timeoutMs: 300 }).send(message));

    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('SmtpOtpSender configuration', () => {
  it.each([['http://mailer:s3cret@smtp.example.com'], [''], ['smtp.example.com:587']])('refuses %j at construction, without echoing it', (url) => {
    const construct = () => new SmtpOtpSender({ url, from: FROM });
    expect(construct).toThrow(OtpSenderConfigError);
    expect(construct).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(construct).not.toThrow(/s3cret/);
  });
});
