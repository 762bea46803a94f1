import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import { RemoveUserCommand } from './remove-user.command';

@CommandHandler(RemoveUserCommand)
export class RemoveUserHandler implements ICommandHandler<RemoveUserCommand, void> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ userId }: RemoveUserCommand): Promise<void> {
    const now = this.clock.now();
    for (const session of await this.sessions.listActive(userId, now)) {
      await this.revoker.revoke(session, 'user_removed', now);
    }
    await this.directory.remove(userId);
  }
}
