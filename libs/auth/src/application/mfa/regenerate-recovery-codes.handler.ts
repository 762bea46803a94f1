import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ValidationFailedError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import { RecoveryCodes } from './recovery-codes';
import { RegenerateRecoveryCodesCommand } from './regenerate-recovery-codes.command';
import { TotpCodes } from './totp-codes';

@CommandHandler(RegenerateRecoveryCodesCommand)
export class RegenerateRecoveryCodesHandler implements ICommandHandler<RegenerateRecoveryCodesCommand, { readonly recoveryCodes: readonly string[] }> {
  constructor(
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: RegenerateRecoveryCodesCommand): Promise<{ readonly recoveryCodes: readonly string[] }> {
    // Recovery codes stand in for the authenticator app; without TOTP there is nothing they recover.
    if (!(await this.totp.isEnabled(userId))) throw new ValidationFailedError([{ field: 'totp', message: 'Recovery codes come with TOTP: enable it first (POST /auth/totp/setup).' }]);
    return { recoveryCodes: await this.recovery.issue(userId, this.clock.now()) };
  }
}
