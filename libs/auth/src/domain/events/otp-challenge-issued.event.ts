import type { DomainEvent } from './domain-event';
import type { OtpChannel } from '../otp-challenge';

/** A code was sent by email or SMS. The code itself never travels in an event. */
export class OtpChallengeIssuedEvent implements DomainEvent {
  constructor(
    readonly challengeId: string,
    readonly userId: string,
    readonly channel: OtpChannel,
    /** `flow:<id>`, `operation:<id>` or `password-reset:<id>`. */
    readonly binding: string,
    readonly occurredAt: Date,
  ) {}
}
