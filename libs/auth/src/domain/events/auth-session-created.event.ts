import type { DomainEvent } from './domain-event';
import type { SessionMode } from '../session-mode';

/** A sign-in began: its `AuthSession` exists (pending in stateful mode, sealed in a token in stateless mode). */
export class AuthSessionCreatedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly mode: SessionMode,
    readonly occurredAt: Date,
  ) {}
}
