import type { DomainEvent } from './domain-event';

/** A recovery code was spent; `remaining` tells a notifier when to suggest new ones. */
export class RecoveryCodeUsedEvent implements DomainEvent {
  constructor(
    readonly userId: string,
    readonly remaining: number,
    readonly occurredAt: Date,
  ) {}
}
