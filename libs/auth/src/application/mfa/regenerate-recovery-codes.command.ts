import { Command } from '@nestjs/cqrs';

/** New recovery codes for `userId`; the old ones are void. Over HTTP it runs behind `@VerifyElevation('regenerate_recovery_codes')`. */
export class RegenerateRecoveryCodesCommand extends Command<{ readonly recoveryCodes: readonly string[] }> {
  constructor(readonly userId: string) {
    super();
  }
}
