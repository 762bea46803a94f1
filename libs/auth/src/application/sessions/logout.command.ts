import { Command } from '@nestjs/cqrs';

/** Ends the caller's current session, or another of their own sessions when `sessionId` is given. */
export class LogoutCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly currentSessionId: string,
    readonly sessionId?: string,
  ) {
    super();
  }
}
