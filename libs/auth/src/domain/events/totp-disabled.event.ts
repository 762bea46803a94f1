import type { DomainEvent } from './domain-event';

/** A user removed TOTP; their recovery codes went with it. */
export class TotpDisabledEvent implements DomainEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
  ) {}
}
