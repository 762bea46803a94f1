import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { AuthSession } from '../../domain/auth-session';
import { NotFoundError } from '../../domain/auth-error';
import type { SessionRevocationReason } from '../../domain/events/session-revoked.event';
import { ElevationStore } from '../../ports/elevation-store';
import { RefreshTokenRepository } from '../../ports/refresh-token-repository';
import { SessionRepository } from '../../ports/session-repository';
import { SessionStatusCache } from '../tokens/session-status-cache';
import { ProviderSessions } from './provider-sessions';

/**
 * Ends sessions: the session, its refresh-token family, its step-up elevations, this process's cached
 * view of it, and last the identity provider's session behind it.
 */
@Injectable()
export class SessionRevoker {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly statusCache: SessionStatusCache,
    private readonly elevations: ElevationStore,
    private readonly providerSessions: ProviderSessions,
    private readonly events: EventBus,
  ) {}

  /** Revokes a session of `userId`. Another user's session is reported as absent, not as forbidden. */
  async revokeOwned(userId: string, sessionId: string, reason: SessionRevocationReason, now: Date): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== userId || !session.isActiveAt(now)) throw new NotFoundError('Session');
    await this.revoke(session, reason, now);
  }

  async revokeById(sessionId: string, reason: SessionRevocationReason, now: Date): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (session) return this.revoke(session, reason, now);
    await this.elevations.revokeSession(sessionId);
    await this.refreshTokens.revokeFamily(sessionId, now);
    await this.providerSessions.end(sessionId, now);
  }

  /**
   * The session row before the family: a refresh stores its successor token before it touches the
   * session, so either its touch fails (and it revokes the family itself) or the successor already
   * exists when the family is revoked here. Either way no refresh token outlives the revocation.
   */
  async revoke(session: AuthSession, reason: SessionRevocationReason, now: Date): Promise<void> {
    // The cache first: from here on this process refuses the session's access tokens.
    this.statusCache.markRevoked(session.id);
    const revokedHere = await this.sessions.revoke(session.id, now);
    // Before the family: if revoking it fails, no elevation of the ended session is left live.
    await this.elevations.revokeSession(session.id);
    await this.refreshTokens.revokeFamily(session.id, now);
    // Once nothing of the module session is left to use: the provider may be slow or down.
    await this.providerSessions.end(session.id, now);
    // One event per revocation, even when two requests end the same session at once.
    if (!revokedHere) return;
    session.revoke(now, reason);
    this.events.publishAll(session.pullEvents());
  }
}
