import type { DomainEvent } from './domain-event';

/**
 * A caller asked for an operation behind `@VerifyElevation` without a live elevation for it; the
 * answer was 403 `MFA_REQUIRED` with `operation_id` = `operationId`.
 */
export class SensitiveOperationRequestedEvent implements DomainEvent {
  constructor(
    readonly operationId: string,
    readonly userId: string,
    readonly sessionId: string,
    readonly operation: string,
    readonly requestedAt: Date,
  ) {}

  get occurredAt(): Date {
    return this.requestedAt;
  }
}
