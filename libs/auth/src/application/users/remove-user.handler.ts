import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import { RemoveUserCommand } from './remove-user.command';
import { RecoveryCodes } from '../mfa/recovery-codes';
import { TotpCodes } from '../mfa/totp-codes';

@CommandHandler(RemoveUserCommand)
export class RemoveUserHandler implements ICommandHandler<RemoveUserCommand, void> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
    private readonly totp: TotpCodes,
    private readonly recovery: RecoveryCodes,
  ) {}

  async execute({ userId }: RemoveUserCommand): Promise<void> {
    const now = this.clock.now();
    for (const session of await this.sessions.listActive(userId, now)) {
      await this.revoker.revoke(session, 'user_removed', now);
    }
    // Second factors are kept by the module, not by the identity provider: they go with the user,
    // or a new account that reused the id would inherit them.
    await this.totp.disable(userId);
    await this.recovery.removeAll(userId);
    await this.directory.remove(userId);
  }
}
