import { Command } from '@nestjs/cqrs';

/** Revokes one of the user's own sessions; any other id is `NOT_FOUND`. */
export class RevokeSessionCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
  ) {
    super();
  }
}
