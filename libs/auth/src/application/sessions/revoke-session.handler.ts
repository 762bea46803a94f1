import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { RevokeSessionCommand } from './revoke-session.command';
import { SessionRevoker } from './session-revoker';

@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand, void> {
  constructor(
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  execute({ userId, sessionId }: RevokeSessionCommand): Promise<void> {
    return this.revoker.revokeOwned(userId, sessionId, 'revoked_by_user', this.clock.now());
  }
}
