import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SessionRevokedError } from '../../domain/auth-error';
import type { AccessTokenClaims } from '../../domain/access-token-claims';
import { Clock } from '../../ports/clock';
import { SessionRepository } from '../../ports/session-repository';
import { TokenService } from '../../ports/token-service';
import type { AccessContext } from './access-context';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';
import { SessionStatusCache } from './session-status-cache';
import { VerifiedTokenCache } from './verified-token-cache';

/** Runs on every guarded request, so each step is a cache lookup unless it cannot be. */
@QueryHandler(AuthenticateAccessTokenQuery)
export class AuthenticateAccessTokenHandler implements IQueryHandler<AuthenticateAccessTokenQuery, AccessContext> {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: SessionRepository,
    private readonly verified: VerifiedTokenCache,
    private readonly statuses: SessionStatusCache,
    private readonly clock: Clock,
  ) {}

  async execute({ accessToken }: AuthenticateAccessTokenQuery): Promise<AccessContext> {
    const now = this.clock.now();
    let claims = this.verified.get(accessToken, now);
    if (!claims) {
      claims = await this.tokens.verify(accessToken, now);
      this.verified.remember(accessToken, claims);
    }
    if (claims.session_mode === 'stateful' && !(await this.sessionIsActive(claims.sid, now))) {
      throw new SessionRevokedError();
    }
    return { identity: identityOf(claims), sessionId: claims.sid, accessToken, claims };
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

function identityOf(claims: AccessTokenClaims) {
  return { userId: claims.sub, username: claims.preferred_username, email: claims.email, groups: claims.permits };
}
