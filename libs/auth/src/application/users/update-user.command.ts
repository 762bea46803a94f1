import { Command } from '@nestjs/cqrs';
import type { DirectoryUser } from '../../ports/user-directory';

/** An administrator's change; absent fields stay as they are. */
export interface UserUpdate {
  /** Replaces the user's groups. */
  readonly groups?: readonly string[];
  /** Replaces the user's attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** `false` disables the user: sign-in is refused and every session ends. */
  readonly enabled?: boolean;
  /** A new password, checked by the password policy; every session of the user ends. */
  readonly password?: string;
}

/**
 * Changes a user as an administrator and returns the user as they now are. Unknown user: 404
 * `NOT_FOUND`.
 *
 * @example
 * await commandBus.execute(new UpdateUserCommand(userId, { enabled: false }));
 */
export class UpdateUserCommand extends Command<DirectoryUser> {
  constructor(
    readonly userId: string,
    readonly changes: UserUpdate,
  ) {
    super();
  }
}
