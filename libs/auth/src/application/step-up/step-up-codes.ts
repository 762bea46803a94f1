import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { OtpInvalidError } from '../../domain/auth-error';
import { RecoveryCodeUsedEvent } from '../../domain/events/recovery-code-used.event';
import type { OtpMethod } from '../../domain/otp-method';
import { OtpChallenges } from '../mfa/otp-challenges';
import { RecoveryCodes } from '../mfa/recovery-codes';
import { TotpCodes } from '../mfa/totp-codes';

/**
 * Checks a step-up code with the same services a sign-in's factors use: a TOTP time step is
 * accepted once whichever of the two spends it, a recovery code is spent, and an email or SMS code
 * counts only for the operation it was sent for and from the channel it was sent by.
 */
@Injectable()
export class StepUpCodes {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly challenges: OtpChallenges,
    private readonly events: EventBus,
  ) {}

  /** Throws `OTP_INVALID` (or `OTP_EXPIRED` for a spent sent code) unless `code` proves `method` for `operationId`. */
  async prove(method: OtpMethod, userId: string, operationId: string, code: string, now: Date): Promise<void> {
    if (!(await this.accepts(method, userId, operationId, code, now))) throw new OtpInvalidError();
  }

  private async accepts(method: OtpMethod, userId: string, operationId: string, code: string, now: Date): Promise<boolean> {
    switch (method) {
      case 'totp':
        return this.totp.verify(userId, code, now);
      case 'recovery':
        if (!(await this.recovery.consume(userId, code, now))) return false;
        this.events.publish(new RecoveryCodeUsedEvent(userId, await this.recovery.remaining(userId), now));
        return true;
      default:
        return (await this.challenges.verify({ kind: 'operation', operationId }, userId, code, now)) === method;
    }
  }
}
