import { Command } from '@nestjs/cqrs';

/** Removes a user and revokes every session they hold. Removing an absent user succeeds. */
export class RemoveUserCommand extends Command<void> {
  constructor(readonly userId: string) {
    super();
  }
}
