import { Command } from '@nestjs/cqrs';

/**
 * Sets a user's password as an administrator (no current password asked) and ends every session of
 * the user. The password must pass the password policy; unknown user: 404 `NOT_FOUND`.
 *
 * @example
 * await commandBus.execute(new SetPasswordCommand(userId, 'a new long passphrase'));
 */
export class SetPasswordCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly newPassword: string,
  ) {
    super();
  }
}
