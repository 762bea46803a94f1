import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { OtpInvalidError } from '../../domain/auth-error';
import { TotpDisabledEvent } from '../../domain/events/totp-disabled.event';
import { Clock } from '../../ports/clock';
import { LaterStepThrottle } from '../flows/later-step-throttle';
import { DisableTotpCommand } from './disable-totp.command';
import { RecoveryCodes } from './recovery-codes';
import { TotpCodes } from './totp-codes';

@CommandHandler(DisableTotpCommand)
export class DisableTotpHandler implements ICommandHandler<DisableTotpCommand, void> {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly throttle: LaterStepThrottle,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, code, clientAddress }: DisableTotpCommand): Promise<void> {
    const now = this.clock.now();
    if (!(await this.totp.isEnabled(userId))) throw new OtpInvalidError('TOTP is not enabled.');
    // Wrong codes here count with the account's later-step failures: guessing through this route
    // buys no more tries than guessing at sign-in.
    await this.throttle.guard(userId, clientAddress, now, async () => {
      const proven = /^[0-9]+$/.test(code) ? await this.totp.verify(userId, code, now) : await this.recovery.consume(userId, code, now);
      if (!proven) throw new OtpInvalidError();
    });
    await this.totp.disable(userId);
    await this.recovery.removeAll(userId);
    this.events.publish(new TotpDisabledEvent(userId, now));
  }
}
