import type { DomainEvent } from './domain-event';

/** A resumed operation's command has run: `completed`, or `failed` with the reason its owner is shown. */
export class OperationSettledEvent implements DomainEvent {
  constructor(
    readonly operationId: string,
    readonly userId: string,
    readonly operation: string,
    readonly status: 'completed' | 'failed',
    readonly occurredAt: Date,
    readonly error?: string,
  ) {}
}
