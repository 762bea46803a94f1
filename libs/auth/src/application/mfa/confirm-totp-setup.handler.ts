import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { OtpInvalidError } from '../../domain/auth-error';
import { TotpEnabledEvent } from '../../domain/events/totp-enabled.event';
import { Clock } from '../../ports/clock';
import { ConfirmTotpSetupCommand, TotpEnabled } from './confirm-totp-setup.command';
import { RecoveryCodes } from './recovery-codes';
import { TotpCodes } from './totp-codes';

@CommandHandler(ConfirmTotpSetupCommand)
export class ConfirmTotpSetupHandler implements ICommandHandler<ConfirmTotpSetupCommand, TotpEnabled> {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, code }: ConfirmTotpSetupCommand): Promise<TotpEnabled> {
    const now = this.clock.now();
    if (!(await this.totp.confirm(userId, code, now))) throw new OtpInvalidError('The code does not match the setup, or no setup is pending.');
    const recoveryCodes = await this.recovery.issue(userId, now);
    this.events.publish(new TotpEnabledEvent(userId, now));
    return { recoveryCodes };
  }
}
