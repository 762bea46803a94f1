import type { DomainEvent } from './domain-event';

/**
 * A failed sign-in step. `username` is what was typed at an identifying step (it may name nobody);
 * `userId` is known at later steps. Passwords and codes never travel here.
 */
export class SignInFailedEvent implements DomainEvent {
  constructor(
    readonly step: string,
    readonly reason: 'invalid_credentials' | 'throttled' | 'invalid_code' | 'too_many_attempts',
    readonly occurredAt: Date,
    readonly detail: { readonly username?: string; readonly userId?: string; readonly sessionId?: string; readonly clientAddress?: string } = {},
  ) {}
}
