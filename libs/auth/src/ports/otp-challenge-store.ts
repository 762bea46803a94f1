import type { OtpAttemptOutcome, OtpBinding, OtpChallengeState } from '../domain/otp-challenge';

/**
 * Email and SMS challenges that every instance must see (DESIGN.md section 6): memory for one
 * instance, Redis for many. One challenge per binding: issuing another for the same flow,
 * operation or reset voids the earlier code at once.
 */
export abstract class OtpChallengeStore {
  /**
   * Stores `challenge` under its binding, replacing whatever was there; it disappears at
   * `expiresAt`. `now` is the caller's clock, which need not be the wall clock: a store that keeps
   * entries for a duration measures it from `now`, never from its own time.
   */
  abstract issue(challenge: OtpChallengeState, now: Date): Promise<void>;

  /**
   * Counts one attempt against the binding's challenge, then compares `codeDigest` in constant
   * time, as one atomic operation: of parallel submissions of the right code exactly one is
   * `accepted`, and no submission is checked once `maxAttempts` have been counted. An accepted
   * challenge is removed.
   */
  abstract consume(binding: OtpBinding, codeDigest: string, now: Date): Promise<OtpAttemptOutcome>;

  /** The binding's live challenge without counting an attempt (what a resend or a hint needs). */
  abstract find(binding: OtpBinding, now: Date): Promise<OtpChallengeState | undefined>;

  /** Removes the binding's challenge, if any (the flow ended another way). */
  abstract discard(binding: OtpBinding): Promise<void>;
}
