import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OtpInvalidError } from '../../domain/auth-error';
import type { OtpBinding } from '../../domain/otp-challenge';
import { PasswordPolicy } from '../../domain/password-policy';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { UserDirectory } from '../../ports/user-directory';
import { LaterStepThrottle } from '../flows/later-step-throttle';
import { OtpChallenges } from '../mfa/otp-challenges';
import { SessionRevoker } from '../sessions/session-revoker';
import { endSessionsOf, SESSION_END_REASONS } from '../users/user-sessions';
import { ResetPasswordCommand } from './reset-password.command';

@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand, void> {
  constructor(
    private readonly challenges: OtpChallenges,
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
    private readonly throttle: LaterStepThrottle,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  async execute({ challengeId, code, newPassword, clientAddress }: ResetPasswordCommand): Promise<void> {
    const now = this.clock.now();
    const binding: OtpBinding = { kind: 'password-reset', challengeId };
    const userId = await this.challenges.recipientOf(binding, now);
    const user = userId === undefined ? undefined : await this.directory.findById(userId);
    if (!user?.enabled) throw new OtpInvalidError();
    // The policy is checked before the code is spent: a refused password must not cost the code.
    const password = this.policy.accept(newPassword, { field: 'new_password', username: user.username });
    await this.throttle.guard(user.userId, clientAddress, now, () => this.challenges.verify(binding, user.userId, code, now));
    await this.directory.update(user.userId, { password });
    await endSessionsOf(this.sessions, this.revoker, user.userId, SESSION_END_REASONS.passwordReset, now);
  }
}
