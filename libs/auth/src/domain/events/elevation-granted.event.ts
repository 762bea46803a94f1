import type { DomainEvent } from './domain-event';

/**
 * A second factor was proven for the pending operation `operationId`, and an elevation for this
 * user, session and operation is stored until `expiresAt`. `resumable` says a stored command waits
 * for it (what `StepUpAuthenticationSaga` resumes).
 */
export class ElevationGrantedEvent implements DomainEvent {
  constructor(
    readonly operationId: string,
    readonly userId: string,
    readonly sessionId: string,
    readonly operation: string,
    readonly expiresAt: Date,
    readonly resumable: boolean,
    readonly occurredAt: Date,
  ) {}
}
