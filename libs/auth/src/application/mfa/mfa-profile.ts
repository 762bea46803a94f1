import { Injectable } from '@nestjs/common';
import type { OtpMethod } from '../../domain/otp-method';
import { UserDirectory } from '../../ports/user-directory';
import { RecoveryCodes } from './recovery-codes';
import { OtpDelivery } from './otp-delivery';
import { SingleFlight } from './single-flight';
import { TotpCodes } from './totp-codes';

/** The second factors a user can sign in with now (`/auth/me`'s `mfa`, `next_steps`); step-up's are `StepUpMethods`'. */
export interface MfaProfileView {
  readonly totpEnabled: boolean;
  /** `totp` and `recovery` when enrolled, `email` / `sms` with an address / phone and a sender for it; none without TOTP. */
  readonly methods: readonly OtpMethod[];
}

const NONE: MfaProfileView = { totpEnabled: false, methods: [] };

/**
 * Enrolling TOTP is what turns MFA on; then the user may also prove it with a code sent to their
 * own email or phone, or with a recovery code while any is left. A user without TOTP has no second
 * factor, whatever contact details they have: an email alone is not a second factor they chose.
 */
@Injectable()
export class MfaProfile {
  private readonly lookups = new SingleFlight<MfaProfileView>();

  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly directory: UserDirectory,
    private readonly delivery: OtpDelivery,
  ) {}

  of(userId: string): Promise<MfaProfileView> {
    return this.lookups.run(userId, () => this.load(userId));
  }

  private async load(userId: string): Promise<MfaProfileView> {
    if (!(await this.totp.isEnabled(userId))) return NONE;
    const [user, remaining] = await Promise.all([this.directory.findById(userId), this.recovery.remaining(userId)]);
    const methods: OtpMethod[] = ['totp'];
    if (user?.email && this.delivery.has('email')) methods.push('email');
    if (user?.phoneNumber && this.delivery.has('sms')) methods.push('sms');
    if (remaining > 0) methods.push('recovery');
    return { totpEnabled: true, methods };
  }
}
