import { Logger } from '@nestjs/common';
import { type OtpMessage, OtpSender } from '../../ports/otp-sender';
import { lifetimeInMinutes } from '../../ports/otp-templates';
import { OtpSenderConfigError } from '../otp-sender-config.error';

/** Options of `ConsoleOtpSender`. */
export interface ConsoleOtpSenderOptions {
  /** The environment whose `NODE_ENV` is checked. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default new Logger('OtpSender') */
  logger?: Pick<Logger, 'log'>;
}

/**
 * The development sender: it prints each code to the log instead of delivering it, so the demo
 * runs without a mail server or SMS gateway. A log is read by far more people than a mailbox, so
 * it refuses to exist when `NODE_ENV` is `production`.
 *
 * @example
 * new ConsoleOtpSender() // logs: [OtpSender] email code for alice to alice@example.com (sign-in): 482913, expires in 5 minutes
 */
export class ConsoleOtpSender extends OtpSender {
  private readonly logger: Pick<Logger, 'log'>;

  constructor(options: ConsoleOtpSenderOptions = {}) {
    super();
    const env = options.env ?? process.env;
    if (env.NODE_ENV?.trim().toLowerCase() === 'production') {
      throw new OtpSenderConfigError(
        'ConsoleOtpSender prints one-time codes to the log and is refused when NODE_ENV is production. Configure SMTP_URL and SMS_WEBHOOK_URL (SmtpOtpSender, SmsWebhookOtpSender) instead.',
      );
    }
    this.logger = options.logger ?? new Logger('OtpSender');
  }

  async send(message: OtpMessage): Promise<void> {
    this.logger.log(`${message.channel} code for ${message.username} to ${message.to} (${message.purpose}): ${message.code}, expires in ${lifetimeInMinutes(message.expiresInSeconds)}`);
  }
}
