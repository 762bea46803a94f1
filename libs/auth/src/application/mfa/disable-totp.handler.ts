import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { TotpDisabledEvent } from '../../domain/events/totp-disabled.event';
import { Clock } from '../../ports/clock';
import { DisableTotpCommand } from './disable-totp.command';
import { RecoveryCodes } from './recovery-codes';
import { TotpCodes } from './totp-codes';

@CommandHandler(DisableTotpCommand)
export class DisableTotpHandler implements ICommandHandler<DisableTotpCommand, void> {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: DisableTotpCommand): Promise<void> {
    if (!(await this.totp.isEnabled(userId))) return;
    await this.totp.disable(userId);
    await this.recovery.removeAll(userId);
    this.events.publish(new TotpDisabledEvent(userId, this.clock.now()));
  }
}
