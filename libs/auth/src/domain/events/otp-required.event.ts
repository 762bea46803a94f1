import type { DomainEvent } from './domain-event';

/** A sign-in passed its first factor and now waits for a second: `methods` are the steps offered. */
export class OtpRequiredEvent implements DomainEvent {
  constructor(
    readonly flowId: string,
    readonly userId: string,
    readonly methods: readonly string[],
    readonly occurredAt: Date,
  ) {}
}
