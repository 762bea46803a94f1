import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { OtpExpiredError, OtpInvalidError, TooManyAttemptsError, ValidationFailedError } from '../../domain/auth-error';
import { maskEmail, maskPhone } from '../../domain/destination-hint';
import { OtpChallengeIssuedEvent } from '../../domain/events/otp-challenge-issued.event';
import { type OtpBinding, type OtpChallengeState, type OtpChannel, bindingKeyOf } from '../../domain/otp-challenge';
import { AttemptCounter } from '../../ports/attempt-counter';
import { OtpChallengeStore } from '../../ports/otp-challenge-store';
import type { OtpPurpose } from '../../ports/otp-sender';
import type { DirectoryUser } from '../../ports/user-directory';
import type { ThrottleWindow } from '../auth-settings';
import { MfaSettings } from './mfa-settings';
import { OtpCodeDigest } from './otp-code-digest';
import { OtpDelivery } from './otp-delivery';
import { newNumericCode } from './one-time-codes';

/** What the client learns about a sent code: never the code, never the full destination. */
export interface IssuedChallenge {
  readonly challengeId: string;
  readonly channel: OtpChannel;
  readonly expiresIn: number;
  readonly destinationHint: string;
}

/** What a challenge is for and whom it goes to. */
export interface ChallengeRequest {
  readonly user: DirectoryUser;
  readonly channel: OtpChannel;
  readonly binding: OtpBinding;
  readonly purpose: OtpPurpose;
  /** The challenge's id when the caller chose it (a password reset answers with it even for nobody). */
  readonly challengeId?: string;
}

/**
 * Email and SMS codes: a 6-digit code from a CSPRNG, kept only as an HMAC bound to its flow,
 * operation or reset, sent to the user's own address or phone, throttled per binding and per user.
 */
@Injectable()
export class OtpChallenges {
  constructor(
    private readonly store: OtpChallengeStore,
    private readonly digest: OtpCodeDigest,
    private readonly delivery: OtpDelivery,
    private readonly attempts: AttemptCounter,
    private readonly settings: MfaSettings,
    private readonly events: EventBus,
  ) {}

  /** Issues and sends a code, voiding the binding's earlier one. Throws 429 past a send limit, 503 when delivery fails. */
  async issue(request: ChallengeRequest, now: Date): Promise<IssuedChallenge> {
    if (!this.delivery.has(request.channel)) throw new ValidationFailedError([{ field: 'method', message: `Codes are not sent by ${request.channel} here.` }]);
    const destination = destinationOf(request.user, request.channel);
    const binding = bindingKeyOf(request.binding);
    await this.countSend(`otp-send:${binding}`, this.settings.sendsPerBinding, now);
    await this.countSend(`otp-send-user:${request.user.userId}`, this.settings.sendsPerUser, now);
    const code = newNumericCode(6);
    const id = request.challengeId ?? randomUUID();
    const expiresAt = new Date(now.getTime() + this.settings.challengeTtlSeconds * 1000);
    const challenge: OtpChallengeState = {
      id,
      userId: request.user.userId,
      binding: request.binding,
      channel: request.channel,
      codeDigest: this.digest.digest(binding, code),
      expiresAt,
      attempts: 0,
      maxAttempts: this.settings.challengeMaxAttempts,
    };
    await this.store.issue(challenge, now);
    try {
      await this.delivery.send({ channel: request.channel, to: destination, code, purpose: request.purpose, username: request.user.username, expiresInSeconds: this.settings.challengeTtlSeconds });
    } catch (error) {
      // A code that never arrived must not stay guessable.
      await this.store.discard(request.binding);
      throw error;
    }
    this.events.publish(new OtpChallengeIssuedEvent(id, request.user.userId, request.channel, binding, now));
    return {
      challengeId: id,
      channel: request.channel,
      expiresIn: this.settings.challengeTtlSeconds,
      destinationHint: request.channel === 'email' ? maskEmail(destination) : maskPhone(destination),
    };
  }

  /**
   * Spends the binding's challenge when `code` is right and it was sent to `userId`. A wrong code
   * is `OTP_INVALID`; a challenge past its time or its attempts is `OTP_EXPIRED`.
   */
  async verify(binding: OtpBinding, userId: string, code: string, now: Date): Promise<OtpChannel> {
    const result = await this.store.consume(binding, this.digest.digest(bindingKeyOf(binding), code), now);
    switch (result.outcome) {
      case 'accepted':
        if (result.challenge.userId !== userId) throw new OtpInvalidError();
        return result.challenge.channel;
      case 'expired':
      case 'exhausted':
        throw new OtpExpiredError();
      default:
        throw new OtpInvalidError();
    }
  }

  /** Whom the binding's live challenge was sent to, without counting an attempt. */
  async recipientOf(binding: OtpBinding, now: Date): Promise<string | undefined> {
    return (await this.store.find(binding, now))?.userId;
  }

  private async countSend(key: string, limit: ThrottleWindow, now: Date): Promise<void> {
    const window = await this.attempts.increment(key, limit.windowSeconds, now);
    if (window.count > limit.limit) throw new TooManyAttemptsError(Math.max(1, Math.ceil((window.resetsAt.getTime() - now.getTime()) / 1000)));
  }
}

function destinationOf(user: DirectoryUser, channel: OtpChannel): string {
  const destination = channel === 'email' ? user.email : user.phoneNumber;
  if (!destination) throw new ValidationFailedError([{ field: 'method', message: `The account has no ${channel === 'email' ? 'email address' : 'phone number'}.` }]);
  return destination;
}
