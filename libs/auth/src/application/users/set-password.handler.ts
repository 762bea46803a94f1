import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/auth-error';
import { PasswordPolicy } from '../../domain/password-policy';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import { SetPasswordCommand } from './set-password.command';
import { endSessionsOf, SESSION_END_REASONS } from './user-sessions';

@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand, void> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, newPassword }: SetPasswordCommand): Promise<void> {
    const user = await this.directory.findById(userId);
    if (!user) throw new NotFoundError('User');
    const password = this.policy.accept(newPassword, { field: 'password', username: user.username });
    if (!(await this.directory.update(userId, { password }))) throw new NotFoundError('User');
    // Whoever held the old password (the reason an admin resets it) loses every session now.
    await endSessionsOf(this.sessions, this.revoker, userId, SESSION_END_REASONS.passwordSetByAdmin, this.clock.now());
  }
}
