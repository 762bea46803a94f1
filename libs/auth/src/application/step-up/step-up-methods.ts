import { Injectable } from '@nestjs/common';
import type { OtpMethod } from '../../domain/otp-method';
import { UserDirectory } from '../../ports/user-directory';
import { OtpDelivery } from '../mfa/otp-delivery';
import { RecoveryCodes } from '../mfa/recovery-codes';
import { TotpCodes } from '../mfa/totp-codes';

/**
 * The factors a user can prove a step-up with now (DESIGN.md section 4): `totp` and `recovery` when
 * enrolled (recovery while a code is left), `email` with an address and `sms` with a phone number
 * when a sender for it is configured. Unlike a sign-in, a sent code counts without TOTP: the user is
 * already signed in, and the code proves they still hold their own mailbox or phone.
 */
@Injectable()
export class StepUpMethods {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly directory: UserDirectory,
    private readonly delivery: OtpDelivery,
  ) {}

  /** What `userId` can use, in the order a client should offer them, within `allowed` when given. */
  async of(userId: string, allowed?: readonly string[]): Promise<OtpMethod[]> {
    const [enrolled, user] = await Promise.all([this.totp.isEnabled(userId), this.directory.findById(userId)]);
    const methods: OtpMethod[] = [];
    if (enrolled) methods.push('totp');
    if (user?.email && this.delivery.has('email')) methods.push('email');
    if (user?.phoneNumber && this.delivery.has('sms')) methods.push('sms');
    if (enrolled && (await this.recovery.remaining(userId)) > 0) methods.push('recovery');
    return allowed ? methods.filter((method) => allowed.includes(method)) : methods;
  }
}
