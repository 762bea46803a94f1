import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { RefreshTokenReusedError, SessionRevokedError, TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { successorOf } from '../../domain/refresh-token';
import { RefreshTokenReusedEvent } from '../../domain/events/refresh-token-reused.event';
import { RefreshTokenRotatedEvent } from '../../domain/events/refresh-token-rotated.event';
import { Clock } from '../../ports/clock';
import { RefreshTokenRepository } from '../../ports/refresh-token-repository';
import { SessionRepository } from '../../ports/session-repository';
import { type DirectoryUser, UserDirectory } from '../../ports/user-directory';
import { AuthSettings } from '../auth-settings';
import { SessionRevoker } from '../sessions/session-revoker';
import type { CompletedSignIn } from '../sign-in/sign-in-result';
import { RefreshTokensCommand } from './refresh-tokens.command';
import { hashRefreshToken, newRefreshTokenSecret } from './refresh-token-secret';
import { TokenIssuer } from './token-issuer';

/**
 * Rotates a refresh token (OAuth 2.0 Security BCP, RFC 9700 section 4.14.2): every use spends the
 * token, and a spent token presented again revokes the whole family and its session.
 */
@CommandHandler(RefreshTokensCommand)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokensCommand, CompletedSignIn> {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly sessions: SessionRepository,
    private readonly directory: UserDirectory,
    private readonly issuer: TokenIssuer,
    private readonly revoker: SessionRevoker,
    private readonly settings: AuthSettings,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute({ refreshToken }: RefreshTokensCommand): Promise<CompletedSignIn> {
    const now = this.clock.now();
    const secret = newRefreshTokenSecret();
    const ttl = this.settings.refreshTokenTtlSeconds;
    let user: DirectoryUser | undefined;
    // Groups may have changed and the user may be gone since sign-in: read them again, before the
    // token is spent. A directory that is down (503) then leaves the token as it was, so the
    // client's retry rotates it rather than passing for a replay that revokes the session.
    const result = await this.refreshTokens.rotate(hashRefreshToken(refreshToken), now, async (previous) => {
      user = await this.directory.findById(previous.userId);
      return successorOf(previous, hashRefreshToken(secret), now, ttl);
    });
    switch (result.kind) {
      case 'unknown':
        throw new TokenInvalidError('The refresh token is not valid.');
      case 'expired':
        throw new TokenExpiredError('The refresh token has expired.');
      case 'revoked':
        throw new SessionRevokedError();
      case 'reused': {
        const { sessionId, userId, generation } = result.previous;
        await this.revoker.revokeById(sessionId, 'refresh_token_reused', now);
        this.events.publish(new RefreshTokenReusedEvent(sessionId, userId, generation, now));
        throw new RefreshTokenReusedError(sessionId);
      }
    }

    const session = await this.sessions.findById(result.successor.sessionId);
    if (!session?.isActiveAt(now)) {
      await this.refreshTokens.revokeFamily(result.successor.sessionId, now);
      throw new SessionRevokedError();
    }
    if (!user?.enabled || user.userId !== session.userId) {
      await this.revoker.revoke(session, 'user_removed', now);
      throw new SessionRevokedError();
    }
    // Only if still active: a logout that landed while the directory answered must stay a logout.
    // The successor is stored by now, so revoking the family here (or the revoker's) catches it.
    if (!(await this.sessions.touch(session.id, now, result.successor.expiresAt))) {
      await this.refreshTokens.revokeFamily(session.id, now);
      throw new SessionRevokedError();
    }
    session.touch(now, result.successor.expiresAt);
    this.events.publish(new RefreshTokenRotatedEvent(session.id, session.userId, result.successor.generation, now));
    return { status: 'complete', tokens: await this.issuer.withRotated(session, user, secret, result.successor, now), identity: user };
  }
}
