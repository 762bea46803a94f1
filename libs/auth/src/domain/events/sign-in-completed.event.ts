import type { DomainEvent } from './domain-event';
import type { AssuranceLevel, AuthenticationMethod } from '../authentication-method';

/** A sign-in passed its last step and became an active session, with the methods used and their `acr`. */
export class SignInCompletedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly methods: AuthenticationMethod[],
    readonly acr: AssuranceLevel,
    readonly occurredAt: Date,
  ) {}
}
