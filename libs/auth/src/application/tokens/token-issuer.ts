import { Injectable } from '@nestjs/common';
import type { AuthSession } from '../../domain/auth-session';
import type { Identity } from '../../domain/identity';
import { firstRefreshToken, RefreshTokenRecord } from '../../domain/refresh-token';
import { TokenPair } from '../../domain/token-pair';
import { RefreshTokenRepository } from '../../ports/refresh-token-repository';
import { TokenService } from '../../ports/token-service';
import { AuthSettings } from '../auth-settings';
import { hashRefreshToken, newRefreshTokenSecret } from './refresh-token-secret';

/** Mints the token pairs of sign-ins and refreshes. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly settings: AuthSettings,
  ) {}

  /** The first pair of a session: a new refresh-token family. */
  async issue(session: AuthSession, identity: Identity, now: Date): Promise<TokenPair> {
    const secret = newRefreshTokenSecret();
    const record = firstRefreshToken({
      hash: hashRefreshToken(secret),
      sessionId: session.id,
      userId: identity.userId,
      now,
      ttlSeconds: this.settings.refreshTokenTtlSeconds,
    });
    await this.refreshTokens.save(record);
    return new TokenPair(await this.accessToken(session, identity, now), this.tokens.accessTokenTtlSeconds, secret, record);
  }

  /** A pair around a refresh token that the repository has already stored by rotation. */
  async withRotated(session: AuthSession, identity: Identity, secret: string, record: RefreshTokenRecord, now: Date): Promise<TokenPair> {
    return new TokenPair(await this.accessToken(session, identity, now), this.tokens.accessTokenTtlSeconds, secret, record);
  }

  private accessToken(session: AuthSession, identity: Identity, now: Date): Promise<string> {
    return this.tokens.sign(
      {
        sub: identity.userId,
        sid: session.id,
        preferred_username: identity.username,
        ...(identity.email ? { email: identity.email } : {}),
        permits: [...identity.groups],
        acr: session.acr,
        amr: [...session.methods],
        auth_time: Math.floor((session.authTime ?? now).getTime() / 1000),
        session_mode: session.mode,
      },
      now,
    );
  }
}
