import type { DomainEvent } from './domain-event';
import type { OtpMethod } from '../otp-method';

/**
 * A one-time code was accepted. `flowId` is set for a sign-in; `correlationId` for a step-up, where
 * it is the pending operation's id (what the step-up saga reacts to). Never carries the code.
 */
export class OtpValidatedEvent implements DomainEvent {
  constructor(
    readonly userId: string,
    readonly method: OtpMethod,
    readonly occurredAt: Date,
    readonly context: { readonly flowId?: string; readonly correlationId?: string; readonly sessionId?: string } = {},
  ) {}
}
