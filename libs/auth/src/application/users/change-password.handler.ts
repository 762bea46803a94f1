import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidCredentialsError, NotFoundError, UnauthenticatedError } from '../../domain/auth-error';
import { PasswordPolicy } from '../../domain/password-policy';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import { SignInThrottle } from '../sign-in/sign-in-throttle';
import { ChangePasswordCommand } from './change-password.command';
import { endSessionsOf, SESSION_END_REASONS } from './user-sessions';

@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand, void> {
  constructor(
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, currentSessionId, currentPassword, newPassword, context }: ChangePasswordCommand): Promise<void> {
    const now = this.clock.now();
    const user = await this.directory.findById(userId);
    if (!user) throw new NotFoundError('User');
    if (!user.enabled) throw new UnauthenticatedError('The account is disabled.');
    // The policy first: refusing a weak new password reveals nothing about the current one, so it
    // need not cost the user an attempt.
    const password = this.policy.accept(newPassword, { field: 'new_password', username: user.username });
    // A stolen access token must not become an unthrottled oracle for the password: this check
    // shares the sign-in counter of the account and of the client.
    const outcome = await this.throttle.guard(
      user.username,
      context.clientAddress,
      now,
      () => this.directory.changePassword(userId, currentPassword, password),
      (settled) => settled === 'changed',
    );
    if (outcome === 'not_found') throw new NotFoundError('User');
    if (outcome === 'wrong_password') throw new InvalidCredentialsError();
    await endSessionsOf(this.sessions, this.revoker, userId, SESSION_END_REASONS.passwordChanged, now, currentSessionId);
  }
}
