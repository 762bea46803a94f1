import type { DomainEvent } from './domain-event';
import type { AuthenticationMethod } from '../authentication-method';

/** One step of a sign-in was passed; more may follow. */
export class StepCompletedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly step: string,
    readonly method: AuthenticationMethod,
    readonly occurredAt: Date,
  ) {}
}
