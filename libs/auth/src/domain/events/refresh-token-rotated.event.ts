import type { DomainEvent } from './domain-event';

/** A refresh token was spent and its successor issued; the session lives on. */
export class RefreshTokenRotatedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly generation: number,
    readonly occurredAt: Date,
  ) {}
}
