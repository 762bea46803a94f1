import type { DomainEvent } from './domain-event';

/** Why a session ended before its expiry. */
export type SessionRevocationReason =
  | 'logout'
  | 'revoked_by_user'
  | 'refresh_token_reused'
  | 'user_removed'
  | 'user_disabled'
  | 'password_set_by_admin'
  | 'password_changed'
  | 'password_reset'
  /** The identity provider ended its session behind this one (back-channel logout). */
  | 'provider_logout';

/** A session ended: its refresh tokens are dead and, in stateful mode, its access tokens too. */
export class SessionRevokedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly reason: SessionRevocationReason,
    readonly occurredAt: Date,
  ) {}
}
