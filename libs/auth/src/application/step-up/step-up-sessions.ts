import { Injectable } from '@nestjs/common';
import { SessionRevokedError } from '../../domain/auth-error';
import { SessionRepository } from '../../ports/session-repository';
import type { StepUpCaller } from './verify-elevation.command';

/**
 * The session record decides whether step-up may still act for a caller: a stateless access token
 * outlives a logout, the session record does not.
 */
@Injectable()
export class StepUpSessions {
  constructor(private readonly sessions: SessionRepository) {}

  async isActive(caller: Pick<StepUpCaller, 'userId' | 'sessionId'>, now: Date): Promise<boolean> {
    const session = await this.sessions.findById(caller.sessionId);
    return session?.isActiveAt(now) === true && session.userId === caller.userId;
  }

  /** Throws `SESSION_REVOKED` unless the caller's session is active. */
  async assertActive(caller: Pick<StepUpCaller, 'userId' | 'sessionId'>, now: Date): Promise<void> {
    if (!(await this.isActive(caller, now))) throw new SessionRevokedError();
  }
}
