import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { LogoutCommand } from './logout.command';
import { SessionRevoker } from './session-revoker';

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand, void> {
  constructor(
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  execute({ userId, currentSessionId, sessionId }: LogoutCommand): Promise<void> {
    return this.revoker.revokeOwned(userId, sessionId ?? currentSessionId, 'logout', this.clock.now());
  }
}
