import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/auth-error';
import { PasswordPolicy } from '../../domain/password-policy';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { DirectoryUser, UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import { UpdateUserCommand } from './update-user.command';
import { endSessionsOf, SESSION_END_REASONS } from './user-sessions';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, DirectoryUser> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, changes }: UpdateUserCommand): Promise<DirectoryUser> {
    const existing = await this.directory.findById(userId);
    if (!existing) throw new NotFoundError('User');
    const password = changes.password === undefined ? undefined : this.policy.accept(changes.password, { field: 'password', username: existing.username });
    const updated = await this.directory.update(userId, { ...changes, password });
    if (!updated) throw new NotFoundError('User');
    // After the write: from then on the provider refuses a new sign-in, so none can outlive this.
    const reason = changes.enabled === false ? SESSION_END_REASONS.disabled : password !== undefined ? SESSION_END_REASONS.passwordSetByAdmin : undefined;
    if (reason) await endSessionsOf(this.sessions, this.revoker, userId, reason, this.clock.now());
    return updated;
  }
}
