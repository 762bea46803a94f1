import type { DomainEvent } from './domain-event';

export class RefreshTokenRotatedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly generation: number,
    readonly occurredAt: Date,
  ) {}
}
