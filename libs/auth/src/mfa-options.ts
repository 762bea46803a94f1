import type { ThrottleWindow } from './application/auth-settings';
import type { AesGcmSecretCipherOptions } from './adapters/crypto/aes-gcm-secret.cipher';
import type { OtpSender } from './ports/otp-sender';
import type { TotpParameters } from './ports/totp-authenticator';

/** Second factors: TOTP, recovery codes, and codes sent by email or SMS (the `mfa` option). */
export interface MfaOptions {
  /**
   * AES-256-GCM keys that encrypt TOTP secrets at rest; each secret stores the id of the key that
   * sealed it. To rotate, make a new key `current` and move the old one to `previous`: secrets move
   * to the new key as their users next sign in, and the old key can go once none is left under it.
   *
   * @example
   * encryptionKeys: { current: { id: '2026-12', key: process.env.TOTP_KEY! }, previous: [{ id: '2026-06', key: process.env.TOTP_KEY_OLD! }] }
   * @default one key derived from `signingKey` (HKDF), id `signing-key`: rotating the signing key then makes every TOTP secret unreadable, so set this in production
   */
  encryptionKeys?: AesGcmSecretCipherOptions;
  /**
   * At least 32 random bytes: the HMAC key codes and recovery codes are stored under. Changing it
   * voids every recovery code and every pending email or SMS code.
   * @default derived from `signingKey` (HKDF): set it in production, for the reason above
   */
  codeKey?: Uint8Array;
  /** TOTP parameters; authenticator apps assume the defaults. @default issuer 'Stepgate', window 1, 6 digits, 30 s, SHA-1 */
  totp?: TotpParameters & { readonly issuer?: string; readonly window?: number };
  /** Seconds a begun TOTP setup waits for its confirming code. @default 600 */
  setupTtlSeconds?: number;
  /** Recovery codes issued when TOTP is enabled. @default 10 */
  recoveryCodeCount?: number;
  /**
   * Email and SMS codes: their lifetime, the attempts each allows, and how often codes are sent
   * per flow (a resend counts) and per user across flows (what stops SMS pumping).
   * @default ttlSeconds 300, maxAttempts 5, sendsPerBinding 3 / 300 s, sendsPerUser 10 / 3600 s
   */
  challenges?: {
    readonly ttlSeconds?: number;
    readonly maxAttempts?: number;
    readonly sendsPerBinding?: Partial<ThrottleWindow>;
    readonly sendsPerUser?: Partial<ThrottleWindow>;
  };
  /**
   * Who delivers codes, per channel. A channel without a sender is not offered (`email-otp`,
   * `sms-otp`, password reset by email). `SmtpOtpSender` and `SmsWebhookOtpSender` are bundled.
   * @example
   * senders: { email: new SmtpOtpSender({ url: process.env.SMTP_URL!, from: 'Acme <no-reply@acme.test>' }) }
   * @default the console for both, which refuses to start when NODE_ENV is production
   */
  senders?: { readonly email?: OtpSender; readonly sms?: OtpSender };
}
