import type { OtpChannel } from '../domain/otp-challenge';

/** Why a code is sent: the sender picks its wording (templates) from it. */
export type OtpPurpose = 'sign-in' | 'step-up' | 'password-reset';

/** One code to deliver. */
export interface OtpMessage {
  readonly channel: OtpChannel;
  /** An email address, or an E.164 phone number. */
  readonly to: string;
  readonly code: string;
  readonly purpose: OtpPurpose;
  readonly username: string;
  readonly expiresInSeconds: number;
}

/**
 * Delivers one-time codes: SMTP for email, a webhook for SMS, the console in development. A
 * delivery that fails throws (`OtpDeliveryFailedError`, 503 with `Retry-After`); resolving means
 * the gateway took the message, never "maybe".
 */
export abstract class OtpSender {
  abstract send(message: OtpMessage): Promise<void>;
}
