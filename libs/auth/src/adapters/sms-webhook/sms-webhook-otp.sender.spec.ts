// An SMS that the gateway did not take must never look sent, and a gateway that is down or stuck
// must cost the user's request a bounded time: tries × timeout, never forever.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../../../test/support/rejection';
import { startSmsTestGateway, type SmsTestGateway } from '../../../../../test/support/sms-test-gateway';
import { OtpDeliveryFailedError } from '../../domain/auth-error';
import type { OtpMessage } from '../../ports/otp-sender';
import { OtpSenderConfigError } from '../otp-sender-config.error';
import { SmsWebhookOtpSender } from './sms-webhook-otp.sender';

const message: OtpMessage = { channel: 'sms', to: '+15550100002', code: '482913', purpose: 'sign-in', username: 'bob', expiresInSeconds: 300 };

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, OtpDeliveryFailedError);

describe('SmsWebhookOtpSender against a loopback gateway', () => {
  let gateway: SmsTestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('posts exactly { to, message } as JSON, with the configured headers, and resolves on 2xx', async () => {
    gateway = await startSmsTestGateway();
    await new SmsWebhookOtpSender({ url: gateway.url, headers: { authorization: 'Bearer gw-token' } }).send(message);

    expect(gateway.requests).toHaveLength(1);
    const [request] = gateway.requests;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer gw-token');
    expect(JSON.parse(request.body)).toEqual({ to: '+15550100002', message: 'Your code to sign in is 482913. It expires in 5 minutes. Do not share it.' });
    expect(gateway.received).toEqual([{ to: '+15550100002', message: 'Your code to sign in is 482913. It expires in 5 minutes. Do not share it.' }]);
  });

  it('renders with the sms template it was given', async () => {
    gateway = await startSmsTestGateway();
    await new SmsWebhookOtpSender({ url: gateway.url, templates: { sms: (m) => `Acme: ${m.code}` } }).send(message);
    expect(gateway.received).toEqual([{ to: '+15550100002', message: 'Acme: 482913' }]);
  });

  it('retries a failing gateway (500) and then fails the delivery: retries + 1 tries in all', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'fail', status: 500 } });
    const error = await failureOf(new SmsWebhookOtpSender({ url: gateway.url, retries: 2, backoffMs: 10 }).send(message));

    expect(gateway.requests).toHaveLength(3);
    expect((error.cause as Error).message).toMatch(/500/);
  });

  it('retries a rate-limited gateway (429) as well', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'fail', status: 429 } });
    await failureOf(new SmsWebhookOtpSender({ url: gateway.url, retries: 1, backoffMs: 10 }).send(message));
    expect(gateway.requests).toHaveLength(2);
  });

  it('succeeds when a retry reaches a gateway that has recovered', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'fail', status: 503 } });
    const current = gateway;
    const sending = new SmsWebhookOtpSender({ url: current.url, retries: 2, backoffMs: 100 }).send(message);
    await expect.poll(() => current.requests.length).toBe(1);
    current.setMode({ kind: 'accept' });
    await sending;
    expect(current.received).toHaveLength(1);
  });

  it('does not retry a refusal (400): the same request would be refused again', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'fail', status: 400 } });
    const error = await failureOf(new SmsWebhookOtpSender({ url: gateway.url, retries: 2, backoffMs: 10 }).send(message));
    expect(gateway.requests).toHaveLength(1);
    expect((error.cause as Error).message).toMatch(/400/);
  });

  it('treats a redirect as a failure and does not post the code to where it points', async () => {
    gateway = await startSmsTestGateway();
    const target = gateway.url;
    const redirecting = createServer((_request, response) => response.writeHead(307, { location: target }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = redirecting.address() as AddressInfo;
      await failureOf(new SmsWebhookOtpSender({ url: `http://127.0.0.1:${port}/sms`, retries: 2, backoffMs: 10 }).send(message));
      expect(gateway.requests).toHaveLength(0);
    } finally {
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('abandons a hanging gateway after about timeoutMs per try, without hanging the caller', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'hang' } });
    const started = Date.now();
    const error = await failureOf(new SmsWebhookOtpSender({ url: gateway.url, timeoutMs: 200, retries: 2, backoffMs: 10 }).send(message));

    const elapsed = Date.now() - started;
    expect(gateway.requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(3 * 200);
    expect(elapsed).toBeLessThan(3 * 200 + 1500);
    expect((error.cause as Error).message).toMatch(/did not answer/);
  });

  it('keeps what the gateway answered out of the error, since it may echo the code', async () => {
    gateway = await startSmsTestGateway({ mode: { kind: 'fail', status: 400 } });
    const error = await failureOf(new SmsWebhookOtpSender({ url: gateway.url }).send(message));
    expect(JSON.stringify({ message: error.message, cause: (error.cause as Error).message })).not.toMatch(/482913|gateway failure/);
  });

  it('retries when nobody listens (network error) and then fails the delivery', async () => {
    gateway = await startSmsTestGateway();
    const { url } = gateway;
    await gateway.close();
    gateway = undefined;
    const error = await failureOf(new SmsWebhookOtpSender({ url, retries: 1, backoffMs: 10 }).send(message));
    expect((error.cause as Error).message).toMatch(/did not answer/);
  });
});

describe('SmsWebhookOtpSender configuration', () => {
  it.each([[''], ['sms-gateway.internal/send'], ['ftp://user:s3cret@gateway.example.com']])('refuses %j at construction, without echoing it', (url) => {
    const construct = () => new SmsWebhookOtpSender({ url });
    expect(construct).toThrow(OtpSenderConfigError);
    expect(construct).not.toThrow(/s3cret/);
  });
});
