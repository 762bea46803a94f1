import { Command } from '@nestjs/cqrs';

/**
 * Turns TOTP off for the signed-in user (`DELETE /auth/totp`) after a current TOTP or recovery code
 * proves the factor is at hand: a stolen session alone cannot remove it. The recovery codes go too.
 */
export class DisableTotpCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly code: string,
    readonly clientAddress?: string,
  ) {
    super();
  }
}
