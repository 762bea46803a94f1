import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the loopback gateway answers: take the SMS (202) and record it; fail with `status` (500 by
 * default, or e.g. 429 or 400); or read the request and never answer, as a stuck gateway does.
 */
export type SmsTestGatewayMode = { kind: 'accept' } | { kind: 'fail'; status?: number } | { kind: 'hang' };

/** One SMS the gateway took, as the webhook posted it. */
export interface ReceivedSms {
  readonly to: string;
  readonly message: string;
}

/** One request as it arrived, whatever the gateway answered. */
export interface GatewayRequest {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface SmsTestGateway {
  /** `http://127.0.0.1:<port>/sms`, to pass as `SMS_WEBHOOK_URL`. */
  readonly url: string;
  /** The SMS taken so far, in order (only in 'accept' mode). */
  readonly received: ReceivedSms[];
  /** Every request, also the failed and hanging ones: what a test counts tries with. */
  readonly requests: GatewayRequest[];
  /** Changes how the requests that follow are answered. */
  setMode(mode: SmsTestGatewayMode): void;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 and a free port that stands in for an SMS gateway: specs check what
 * the webhook posts, e2e suites read the codes a user would get on their phone.
 *
 * @example
 * const sms = await startSmsTestGateway();
 * // ... SMS_WEBHOOK_URL = sms.url, request a code ...
 * const code = /\b(\d{6})\b/.exec(sms.received.at(-1)!.message)?.[1];
 */
export async function startSmsTestGateway(options: { mode?: SmsTestGatewayMode } = {}): Promise<SmsTestGateway> {
  let mode: SmsTestGatewayMode = options.mode ?? { kind: 'accept' };
  const received: ReceivedSms[] = [];
  const requests: GatewayRequest[] = [];

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', headers: request.headers, body });
      if (mode.kind === 'hang') return;
      if (mode.kind === 'fail') {
        response.writeHead(mode.status ?? 500, { 'content-type': 'application/json' }).end('{"error":"gateway failure"}');
        return;
      }
      try {
        const { to, message } = JSON.parse(body) as ReceivedSms;
        received.push({ to, message });
        response.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
      } catch {
        response.writeHead(400).end();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    requests,
    setMode(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // The 'hang' mode leaves requests open; they would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
