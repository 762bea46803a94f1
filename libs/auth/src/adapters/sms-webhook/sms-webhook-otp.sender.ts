import { setTimeout as sleep } from 'node:timers/promises';
import { OtpDeliveryFailedError } from '../../domain/auth-error';
import { type OtpMessage, OtpSender } from '../../ports/otp-sender';
import { defaultOtpTemplates, type OtpTemplates } from '../../ports/otp-templates';
import { OtpSenderConfigError } from '../otp-sender-config.error';

/** Options of `SmsWebhookOtpSender`: the gateway, how long each try may take and how often to retry. */
export interface SmsWebhookOtpSenderOptions {
  /** The gateway's endpoint, e.g. `SMS_WEBHOOK_URL`; each SMS is a POST of JSON `{ to, message }`. */
  url: string;
  /** How long one try may take before it is abandoned, in milliseconds. @default 5000 */
  timeoutMs?: number;
  /** Further tries after a 5xx, a 429, a network error or a timeout. @default 2 */
  retries?: number;
  /** The wait before the first retry, doubled before each next one, in milliseconds. @default 200 */
  backoffMs?: number;
  /** Sent with every request, e.g. `{ authorization: 'Bearer ...' }`. @default {} */
  headers?: Record<string, string>;
  /** The wording; only `sms` is used here. @default defaultOtpTemplates */
  templates?: Partial<Pick<OtpTemplates, 'sms'>>;
}

/** Why one try failed, and whether another may succeed. */
class FailedTry extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Sends codes by SMS through an HTTP gateway: one POST of `{ to, message }` (`to` in E.164).
 * Resolves only on a 2xx. A 5xx, a 429, a network error or a try that outlives `timeoutMs` is
 * retried up to `retries` times; any other answer, or the last failure, throws
 * `OtpDeliveryFailedError` (503). A retry after a timeout may deliver the same code twice, which
 * costs the user nothing; a lost code would.
 *
 * @example
 * new SmsWebhookOtpSender({ url: process.env.SMS_WEBHOOK_URL!, headers: { authorization: `Bearer ${process.env.SMS_TOKEN}` } })
 */
export class SmsWebhookOtpSender extends OtpSender {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly render: OtpTemplates['sms'];

  constructor(private readonly options: SmsWebhookOtpSenderOptions) {
    super();
    this.url = webhookUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = Math.max(0, Math.floor(options.retries ?? 2));
    this.backoffMs = options.backoffMs ?? 200;
    this.render = options.templates?.sms ?? defaultOtpTemplates.sms;
  }

  async send(message: OtpMessage): Promise<void> {
    const body = JSON.stringify({ to: message.to, message: this.render(message) });
    let failure: FailedTry | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1));
      failure = await this.tryOnce(body);
      if (!failure) return;
      if (!failure.retryable) break;
    }
    throw new OtpDeliveryFailedError({ cause: failure });
  }

  /** One POST: nothing when the gateway took the SMS, else why not. */
  private async tryOnce(body: string): Promise<FailedTry | undefined> {
    const headers = new Headers(this.options.headers);
    headers.set('content-type', 'application/json');
    let response: Response;
    try {
      // A redirect would re-post the code to wherever the answer points: it is a failure, not followed.
      response = await fetch(this.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      return new FailedTry(`The SMS gateway did not answer: ${(error as Error).message}`, true, { cause: error });
    }
    // Only the status is kept: a gateway's error body may echo the message, and with it the code.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return undefined;
    return new FailedTry(`The SMS gateway answered ${response.status}.`, response.status >= 500 || response.status === 429);
  }
}

function webhookUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new OtpSenderConfigError('SmsWebhookOtpSender: `url` must be an http:// or https:// URL (an unset SMS_WEBHOOK_URL?).');
  }
  return url;
}
