import type { Transporter } from 'nodemailer';
import { OtpDeliveryFailedError } from '../../domain/auth-error';
import { requirePeer } from '../../peer-dependencies';
import { type OtpMessage, OtpSender } from '../../ports/otp-sender';
import { defaultOtpTemplates, type OtpTemplates } from '../../ports/otp-templates';
import { OtpSenderConfigError } from '../otp-sender-config.error';

/**
 * Where the mail goes when it is not given as a URL: nodemailer's SMTP transport options. Typed
 * here rather than imported, so an app that sends no mail needs no `nodemailer` types.
 */
export interface SmtpTransportOptions {
  host: string;
  /** @default 587, or 465 when `secure` */
  port?: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. @default false */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Refuse to send unless the server upgrades to TLS. @default false */
  requireTLS?: boolean;
  /** Any other option of nodemailer's SMTP transport, passed as it is. */
  [option: string]: unknown;
}

/** Where the mail goes: a URL, or the transport's options. */
export type SmtpOtpSenderOptions = SmtpOtpSenderSettings &
  (
    | {
        /** `smtp://user:pass@host:587` or `smtps://user:pass@host:465`, e.g. `SMTP_URL`. */
        url: string;
        transport?: undefined;
      }
    | { transport: SmtpTransportOptions; url?: undefined }
  );

/** What `SmtpOtpSender` needs besides the server: the sender address, the wording, the timeout. */
export interface SmtpOtpSenderSettings {
  /** The sender address, e.g. `"Acme" <no-reply@acme.example>`. */
  from: string;
  /** The wording; only `email` is used here. @default defaultOtpTemplates */
  templates?: Partial<Pick<OtpTemplates, 'email'>>;
  /**
   * How long connecting, the server's greeting and each later reply may take, in milliseconds.
   * nodemailer waits minutes by default, which would hold the user's request as long.
   * @default 5000
   */
  timeoutMs?: number;
}

const SMTP_URL = /^smtps?:\/\//i;

/**
 * Sends codes by email through an SMTP server, with nodemailer (an optional peer: install it).
 * Resolves only when the server accepted the recipient and the message; anything else, including
 * a server that does not answer in `timeoutMs`, throws `OtpDeliveryFailedError` (503).
 *
 * @example
 * new SmtpOtpSender({ url: process.env.SMTP_URL!, from: 'no-reply@acme.example' })
 */
export class SmtpOtpSender extends OtpSender {
  private readonly transport: Transporter;
  private readonly render: OtpTemplates['email'];

  constructor(private readonly options: SmtpOtpSenderOptions) {
    super();
    const nodemailer = requirePeer<typeof import('nodemailer')>('nodemailer', 'the SMTP OTP sender');
    const timeoutMs = options.timeoutMs ?? 5000;
    const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
    if (options.transport === undefined && !SMTP_URL.test(options.url ?? '')) {
      throw new OtpSenderConfigError('SmtpOtpSender: `url` must start with smtp:// or smtps:// (an unset SMTP_URL?).');
    }
    const settings = options.transport === undefined ? { url: options.url, ...timeouts } : { ...timeouts, ...options.transport };
    // One transport for the sender's life: it holds the parsed settings; each send opens its connection.
    this.transport = nodemailer.createTransport(settings as Parameters<typeof nodemailer.createTransport>[0]);
    this.render = options.templates?.email ?? defaultOtpTemplates.email;
  }

  async send(message: OtpMessage): Promise<void> {
    const { subject, text, html } = this.render(message);
    let info: { accepted?: unknown[]; rejected?: unknown[] };
    try {
      info = await this.transport.sendMail({ from: this.options.from, to: message.to, subject, text, ...(html === undefined ? {} : { html }) });
    } catch (error) {
      throw new OtpDeliveryFailedError({ cause: error });
    }
    // A server may take the message for some recipients and refuse others; this one had one.
    if ((info.rejected?.length ?? 0) > 0 || (info.accepted?.length ?? 0) === 0) {
      throw new OtpDeliveryFailedError({ cause: new Error('The SMTP server did not accept the recipient.') });
    }
  }
}
