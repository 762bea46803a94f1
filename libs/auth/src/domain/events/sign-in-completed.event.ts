import type { DomainEvent } from './domain-event';
import type { AssuranceLevel, AuthenticationMethod } from '../authentication-method';

export class SignInCompletedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly methods: AuthenticationMethod[],
    readonly acr: AssuranceLevel,
    readonly occurredAt: Date,
  ) {}
}
