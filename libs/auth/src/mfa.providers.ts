import type { KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AesGcmSecretCipher } from './adapters/crypto/aes-gcm-secret.cipher';
import { deriveFromSigningKey } from './adapters/crypto/signing-key-derivation';
import { ConsoleOtpSender } from './adapters/console/console-otp.sender';
import { OtplibTotpAuthenticator } from './adapters/otplib/otplib-totp.authenticator';
import { QrcodePngRenderer } from './adapters/qrcode/qrcode-png.renderer';
import { MfaSettings } from './application/mfa/mfa-settings';
import { OtpCodeDigest } from './application/mfa/otp-code-digest';
import { OtpDelivery } from './application/mfa/otp-delivery';
import type { MfaOptions } from './mfa-options';

/** The MFA adapters and settings the options chose, every default filled in. */
export interface ResolvedMfa {
  readonly settings: MfaSettings;
  readonly cipher: AesGcmSecretCipher;
  readonly digest: OtpCodeDigest;
  readonly authenticator: OtplibTotpAuthenticator;
  readonly qrCodes: QrcodePngRenderer;
  readonly delivery: OtpDelivery;
}

export function resolveMfa(options: MfaOptions = {}, signingPrivateKey: KeyObject): ResolvedMfa {
  if ((!options.encryptionKeys || !options.codeKey) && process.env.NODE_ENV === 'production') {
    new Logger('AuthModule').warn('mfa.encryptionKeys or mfa.codeKey is not set: they are derived from the signing key, so rotating it makes TOTP secrets and recovery codes unusable.');
  }
  const encryptionKeys = options.encryptionKeys ?? { current: { id: 'signing-key', key: deriveFromSigningKey(signingPrivateKey, 'totp secrets v1') } };
  const codeKey = options.codeKey ? Buffer.from(options.codeKey) : deriveFromSigningKey(signingPrivateKey, 'one-time code digests v1');
  const { issuer, window, ...parameters } = options.totp ?? {};
  const challenges = options.challenges ?? {};
  const settings = new MfaSettings({
    totpIssuer: issuer ?? 'Stepgate',
    totpWindow: nonNegativeInteger(window ?? 1, 'mfa.totp.window'),
    setupTtlSeconds: positiveInteger(options.setupTtlSeconds ?? 600, 'mfa.setupTtlSeconds'),
    recoveryCodeCount: positiveInteger(options.recoveryCodeCount ?? 10, 'mfa.recoveryCodeCount'),
    challengeTtlSeconds: positiveInteger(challenges.ttlSeconds ?? 300, 'mfa.challenges.ttlSeconds'),
    challengeMaxAttempts: positiveInteger(challenges.maxAttempts ?? 5, 'mfa.challenges.maxAttempts'),
    sendsPerBinding: { limit: 3, windowSeconds: 300, ...challenges.sendsPerBinding },
    sendsPerUser: { limit: 10, windowSeconds: 3600, ...challenges.sendsPerUser },
  });
  // Built only when no sender is given: it refuses to exist in production, where codes must really be delivered.
  const senders = options.senders ?? consoleSenders();
  return {
    settings,
    cipher: new AesGcmSecretCipher(encryptionKeys),
    digest: new OtpCodeDigest(codeKey),
    authenticator: new OtplibTotpAuthenticator(parameters),
    qrCodes: new QrcodePngRenderer(),
    delivery: new OtpDelivery(senders),
  };
}

function consoleSenders() {
  const console = new ConsoleOtpSender();
  return { email: console, sms: console };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
  return value;
}

function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${value}`);
  return value;
}
