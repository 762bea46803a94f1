import type { OtpMessage, OtpPurpose } from './otp-sender';

/** An email as a template renders it. */
export interface OtpEmail {
  readonly subject: string;
  readonly text: string;
  /** Sent as the HTML alternative of `text` when given. Escape what you interpolate. */
  readonly html?: string;
}

/**
 * The wording of the codes the senders deliver, per channel. A template sees the whole message;
 * put nothing in it beyond the code and its lifetime that a reader of a lock screen or a forwarded
 * mail should not learn.
 *
 * @example
 * new SmtpOtpSender({ url, from, templates: { email: (m) => ({ subject: 'Acme code', text: `Code: ${m.code}` }) } });
 */
export interface OtpTemplates {
  readonly email: (message: OtpMessage) => OtpEmail;
  readonly sms: (message: OtpMessage) => string;
}

const WHAT_FOR: Record<OtpPurpose, { subject: string; doing: string; ifNotYou: string }> = {
  'sign-in': { subject: 'Your sign-in code', doing: 'to sign in', ifNotYou: 'If you did not try to sign in, change your password.' },
  'step-up': { subject: 'Your confirmation code', doing: 'to confirm a sensitive action', ifNotYou: 'If you did not start this action, change your password.' },
  'password-reset': { subject: 'Your password reset code', doing: 'to reset your password', ifNotYou: 'If you did not ask to reset your password, ignore this message; your password is unchanged.' },
};

/** The lifetime in whole minutes, rounded down so a user never counts on a code that has already expired. */
export function lifetimeInMinutes(expiresInSeconds: number): string {
  const minutes = Math.floor(expiresInSeconds / 60);
  if (minutes < 1) return 'less than a minute';
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/**
 * Plain wording per purpose: the code and how long it lasts, nothing else about the account.
 *
 * @example defaultOtpTemplates.sms(message) // 'Your code to sign in is 123456. It expires in 5 minutes.'
 */
export const defaultOtpTemplates: OtpTemplates = {
  email: (message) => {
    const wording = WHAT_FOR[message.purpose];
    return {
      subject: wording.subject,
      text: `Your code ${wording.doing} is ${message.code}.\n\nIt expires in ${lifetimeInMinutes(message.expiresInSeconds)}. Do not share it with anyone.\n\n${wording.ifNotYou}\n`,
    };
  },
  sms: (message) => `Your code ${WHAT_FOR[message.purpose].doing} is ${message.code}. It expires in ${lifetimeInMinutes(message.expiresInSeconds)}. Do not share it.`,
};
