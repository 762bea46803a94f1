import type { DomainEvent } from './domain-event';

/** A failed sign-in. `username` is what was typed (it may name nobody); the password never travels here. */
export class SignInFailedEvent implements DomainEvent {
  constructor(
    readonly username: string,
    readonly clientAddress: string | undefined,
    readonly reason: 'invalid_credentials' | 'throttled',
    readonly occurredAt: Date,
  ) {}
}
