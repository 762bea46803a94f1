import { Injectable } from '@nestjs/common';
import type { AuthSession } from '../../domain/auth-session';
import type { Identity } from '../../domain/identity';
import { firstRefreshToken, RefreshTokenRecord } from '../../domain/refresh-token';
import { TokenPair } from '../../domain/token-pair';
import { RefreshTokenRepository } from '../../ports/refresh-token-repository';
import { AccessTokenIssuer } from '../../ports/access-token-issuer';
import { AuthSettings } from '../auth-settings';
import { hashRefreshToken, newRefreshTokenSecret } from './refresh-token-secret';
import { tokenAttributesOf } from './token-attributes';

/** Mints the token pairs of sign-ins and refreshes. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly tokens: AccessTokenIssuer,
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
    return new TokenPair(await this.accessToken(session, identity, now), this.ttlOf(session), secret, record);
  }

  /** A pair around a refresh token that the repository has already stored by rotation. */
  async withRotated(session: AuthSession, identity: Identity, secret: string, record: RefreshTokenRecord, now: Date): Promise<TokenPair> {
    return new TokenPair(await this.accessToken(session, identity, now), this.ttlOf(session), secret, record);
  }

  // A stateless token outlives logout and revocation, so it always gets the stateless lifetime.
  private ttlOf(session: AuthSession): number {
    return this.settings.accessTokenTtlSeconds[session.mode];
  }

  private accessToken(session: AuthSession, identity: Identity, now: Date): Promise<string> {
    const attributes = tokenAttributesOf(identity.attributes);
    return this.tokens.sign(
      {
        sub: identity.userId,
        sid: session.id,
        preferred_username: identity.username,
        ...(identity.email ? { email: identity.email } : {}),
        permits: [...identity.groups],
        acr: session.acr,
        amr: session.amr,
        auth_time: Math.floor((session.authTime ?? now).getTime() / 1000),
        session_mode: session.mode,
        ...(attributes ? { attributes } : {}),
      },
      this.ttlOf(session),
      now,
    );
  }
}
