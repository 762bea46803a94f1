/**
 * An OTP sender configured so that it could never deliver, found at start-up rather than when the
 * first user waits for a code. The message names the option, never its value: SMTP and webhook
 * URLs carry credentials.
 */
export class OtpSenderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtpSenderConfigError';
  }
}
