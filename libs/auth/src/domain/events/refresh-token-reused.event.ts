import type { DomainEvent } from './domain-event';

/** A spent refresh token came back: someone holds a copy. The whole family has been revoked. */
export class RefreshTokenReusedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly generation: number,
    readonly occurredAt: Date,
  ) {}
}
