import { Injectable } from '@nestjs/common';
import { SecretCipher } from '../../ports/secret-cipher';
import { TotpAuthenticator } from '../../ports/totp-authenticator';
import { TotpEnrollmentRepository } from '../../ports/totp-enrollment-repository';
import { MfaSettings } from './mfa-settings';

/** A begun TOTP setup, as the user's authenticator app needs it. */
export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUrl: string;
}

/**
 * Checks TOTP codes against a user's enrolment: inside the window, after the last accepted time
 * step, and recorded by one conditional write, so a code is accepted once even when two requests
 * bring it together.
 */
@Injectable()
export class TotpCodes {
  constructor(
    private readonly enrollments: TotpEnrollmentRepository,
    private readonly authenticator: TotpAuthenticator,
    private readonly cipher: SecretCipher,
    private readonly settings: MfaSettings,
  ) {}

  async isEnabled(userId: string): Promise<boolean> {
    return (await this.enrollments.find(userId)) !== undefined;
  }

  /** True when `code` is the user's current code and no request has used its time step yet. */
  async verify(userId: string, code: string, now: Date): Promise<boolean> {
    const enrollment = await this.enrollments.find(userId);
    if (!enrollment) return false;
    const secret = this.cipher.open(enrollment.secret, contextOf(userId));
    const timeStep = await this.authenticator.verify(secret, code, { now, window: this.settings.totpWindow, afterTimeStep: enrollment.lastTimeStep });
    if (timeStep === undefined || !(await this.enrollments.acceptTimeStep(userId, timeStep))) return false;
    // A secret sealed under a retired key moves to the current one on its next use, so a
    // rotation completes as users sign in; losing the race to another request changes nothing.
    if (enrollment.secret.keyId !== this.cipher.currentKeyId) await this.enrollments.reseal(userId, enrollment.secret, this.cipher.seal(secret, contextOf(userId)));
    return true;
  }

  /** A new secret waiting for its first code; the user's current enrolment, if any, stays until then. */
  async begin(userId: string, label: string, now: Date): Promise<TotpSetup> {
    const secret = this.authenticator.newSecret();
    const expiresAt = new Date(now.getTime() + this.settings.setupTtlSeconds * 1000);
    await this.enrollments.savePending({ userId, secret: this.cipher.seal(secret, contextOf(userId)), expiresAt });
    return { secret, otpauthUrl: this.authenticator.keyUri({ issuer: this.settings.totpIssuer, label, secret }) };
  }

  /**
   * Turns the pending setup into the enrolment when `code` matches it. The confirming code's time
   * step counts as used, so the code shown while enrolling cannot also sign in.
   */
  async confirm(userId: string, code: string, now: Date): Promise<boolean> {
    const pending = await this.enrollments.findPending(userId, now);
    if (!pending) return false;
    const timeStep = await this.authenticator.verify(this.cipher.open(pending.secret, contextOf(userId)), code, { now, window: this.settings.totpWindow });
    if (timeStep === undefined) return false;
    return this.enrollments.confirmPending(userId, pending.secret, timeStep, now);
  }

  disable(userId: string): Promise<void> {
    return this.enrollments.remove(userId);
  }
}

/** A secret opens only for the user it was sealed for. */
function contextOf(userId: string): string {
  return `totp:${userId}`;
}
