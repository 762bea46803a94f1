import { Command } from '@nestjs/cqrs';
import type { ClientContext } from '../flows/sign-in-engine';

/**
 * The signed-in user changes their own password. A wrong `currentPassword` is 401
 * `INVALID_CREDENTIALS` and counts against the account's sign-in throttle like a failed sign-in
 * (429 `TOO_MANY_ATTEMPTS` past the limit); the new password must pass the password policy (400
 * `VALIDATION_FAILED` naming `new_password`). On success every other session of the user ends;
 * `currentSessionId` stays signed in.
 *
 * @example
 * await commandBus.execute(new ChangePasswordCommand(caller.identity.userId, caller.sessionId, 'old passphrase', 'new passphrase'));
 */
export class ChangePasswordCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly currentSessionId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    /** Where the request came from: failures also count against this client's throttle. */
    readonly context: ClientContext = {},
  ) {
    super();
  }
}
