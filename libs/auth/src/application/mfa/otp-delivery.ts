import { ValidationFailedError } from '../../domain/auth-error';
import type { OtpChannel } from '../../domain/otp-challenge';
import type { OtpMessage, OtpSender } from '../../ports/otp-sender';

/** The sender of each channel the app configured (`mfa.senders`); a channel without one is not offered. */
export class OtpDelivery {
  constructor(private readonly senders: Readonly<Partial<Record<OtpChannel, OtpSender>>>) {}

  has(channel: OtpChannel): boolean {
    return this.senders[channel] !== undefined;
  }

  send(message: OtpMessage): Promise<void> {
    const sender = this.senders[message.channel];
    if (!sender) throw new ValidationFailedError([{ field: 'method', message: `Codes are not sent by ${message.channel} here.` }]);
    return sender.send(message);
  }
}
