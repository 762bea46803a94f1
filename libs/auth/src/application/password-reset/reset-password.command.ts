import { Command } from '@nestjs/cqrs';

/**
 * Sets a new password with the emailed code of a reset (`POST /auth/password/reset`). Every session
 * of the user ends. Wrong codes count with the account's and the client's failed sign-ins.
 */
export class ResetPasswordCommand extends Command<void> {
  constructor(
    readonly challengeId: string,
    readonly code: string,
    readonly newPassword: string,
    readonly clientAddress?: string,
  ) {
    super();
  }
}
