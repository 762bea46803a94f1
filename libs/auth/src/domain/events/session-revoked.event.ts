import type { DomainEvent } from './domain-event';

export type SessionRevocationReason = 'logout' | 'revoked_by_user' | 'refresh_token_reused' | 'user_removed';

export class SessionRevokedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly reason: SessionRevocationReason,
    readonly occurredAt: Date,
  ) {}
}
