import type { DomainEvent } from './domain-event';
import type { SessionMode } from '../session-mode';

export class AuthSessionCreatedEvent implements DomainEvent {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
    readonly mode: SessionMode,
    readonly occurredAt: Date,
  ) {}
}
