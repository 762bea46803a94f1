import type { DomainEvent } from './domain-event';

/** A user confirmed a TOTP setup; from now on their sign-ins need a second factor. */
export class TotpEnabledEvent implements DomainEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
  ) {}
}
