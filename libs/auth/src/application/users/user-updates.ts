import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../domain/auth-error';
import { PasswordPolicy } from '../../domain/password-policy';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { DirectoryUser, UserDirectory } from '../../ports/user-directory';
import { SessionRevoker } from '../sessions/session-revoker';
import type { UserUpdate } from './update-user.command';
import { endSessionsOf, SESSION_END_REASONS } from './user-sessions';

/**
 * An administrator's change to a user, whether it names a password alone (`SetPasswordCommand`) or
 * any fields (`UpdateUserCommand`): both must pass the same policy and end the same sessions.
 */
@Injectable()
export class UserUpdates {
  constructor(
    private readonly directory: UserDirectory,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionRepository,
    private readonly revoker: SessionRevoker,
    private readonly clock: Clock,
  ) {}

  /** The user as they now are; `NOT_FOUND` for an unknown user, `VALIDATION_FAILED` for a weak password. */
  async apply(userId: string, changes: UserUpdate): Promise<DirectoryUser> {
    const existing = await this.directory.findById(userId);
    if (!existing) throw new NotFoundError('User');
    const password = changes.password === undefined ? undefined : this.policy.accept(changes.password, { field: 'password', username: existing.username });
    const updated = await this.directory.update(userId, { ...changes, password });
    if (!updated) throw new NotFoundError('User');
    // After the write: from then on the provider refuses a new sign-in, so none can outlive this.
    // Whoever held the old password (the reason an admin resets it) loses every session as well.
    const reason = changes.enabled === false ? SESSION_END_REASONS.disabled : password !== undefined ? SESSION_END_REASONS.passwordSetByAdmin : undefined;
    if (reason) await endSessionsOf(this.sessions, this.revoker, userId, reason, this.clock.now());
    return updated;
  }
}
