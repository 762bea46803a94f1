import { Command } from '@nestjs/cqrs';
import type { DirectoryUser } from '../../ports/user-directory';

/** What a new user may have besides a username and password. */
export interface NewUserDetails {
  readonly email?: string;
  /** E.164, e.g. `+15550100002`. */
  readonly phoneNumber?: string;
  readonly groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Creates an enabled user. The password must pass the password policy (400 `VALIDATION_FAILED`
 * naming `password`); a taken username is 400 `VALIDATION_FAILED` naming `username`.
 *
 * @example
 * const user = await commandBus.execute(new CreateUserCommand('dora', 'a long passphrase', { groups: ['staff'] }));
 */
export class CreateUserCommand extends Command<DirectoryUser> {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly details: NewUserDetails = {},
  ) {
    super();
  }
}
