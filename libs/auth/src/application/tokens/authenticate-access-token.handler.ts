import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SessionRevokedError } from '../../domain/auth-error';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import type { AccessContext } from './access-context';
import { AccessTokenVerifiers } from './access-token-verifiers';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';
import { SessionStatusCache } from './session-status-cache';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Runs on every guarded request, so each step is a cache lookup unless it cannot be: a token seen
 * before returns the same frozen context, with no signature check and no allocation.
 */
@QueryHandler(AuthenticateAccessTokenQuery)
export class AuthenticateAccessTokenHandler implements IQueryHandler<AuthenticateAccessTokenQuery, AccessContext> {
  constructor(
    private readonly verifiers: AccessTokenVerifiers,
    private readonly sessions: SessionRepository,
    private readonly verified: VerifiedTokenCache,
    private readonly statuses: SessionStatusCache,
    private readonly clock: Clock,
  ) {}

  async execute({ accessToken }: AuthenticateAccessTokenQuery): Promise<AccessContext> {
    const now = this.clock.now();
    let access = this.verified.get(accessToken, now);
    if (!access) {
      access = Object.freeze({ ...(await this.verifiers.verify(accessToken, now)), accessToken });
      this.verified.remember(accessToken, access);
    }
    // Fail closed: only a context that says it needs no session check skips it.
    if (access.sessionChecked !== false && !(await this.sessionIsActive(access.sessionId, now))) {
      throw new SessionRevokedError();
    }
    return access;
  }

  private async sessionIsActive(sessionId: string, now: Date): Promise<boolean> {
    const cached = this.statuses.isActive(sessionId, now);
    if (cached !== undefined) return cached;
    const session = await this.sessions.findById(sessionId);
    const active = session?.isActiveAt(now) ?? false;
    this.statuses.remember(sessionId, active, now);
    return active;
  }
}
