import { Command } from '@nestjs/cqrs';

/**
 * Turns TOTP off for `userId` and removes their recovery codes. Over HTTP (`DELETE /auth/totp`) it
 * runs behind `@VerifyElevation('disable_totp')`: a stolen session alone cannot remove the factor.
 * Idempotent: a user without TOTP is left as they are.
 */
export class DisableTotpCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}
