import { timingSafeEqual } from 'node:crypto';
import { type OtpAttemptOutcome, type OtpBinding, OtpChallenge, type OtpChallengeState, bindingKeyOf } from '../../domain/otp-challenge';
import { OtpChallengeStore } from '../../ports/otp-challenge-store';
import { ExpirySweeper } from './expiry-sweeper';

/**
 * Email and SMS challenges in this process. Only for a single instance: a code sent by one instance
 * would be unknown to another (use `RedisOtpChallengeStore`). Every method decides and writes before
 * its first await, so the event loop cannot interleave two calls and each `consume` is atomic.
 *
 * An exhausted challenge is kept until its expiry, so that later submissions, the right code
 * included, keep answering `exhausted`; an accepted or expired one is dropped at once.
 *
 * @example
 * const challenges = new MemoryOtpChallengeStore();
 * const outcome = await challenges.consume({ kind: 'flow', flowId }, digest, clock.now());
 */
export class MemoryOtpChallengeStore extends OtpChallengeStore {
  private readonly entries = new Map<string, OtpChallengeState>();
  // A reissue deletes first, so the entry moves to the end of the sweeper's age order.
  private readonly sweeper = new ExpirySweeper(this.entries, (entry) => entry.expiresAt.getTime());

  /** Challenges held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  async issue(challenge: OtpChallengeState, now: Date): Promise<void> {
    // Swept first: a challenge issued already expired must still replace the earlier code and
    // answer `expired`, not vanish as if it had never been issued.
    this.sweeper.sweep(now.getTime());
    const key = bindingKeyOf(challenge.binding);
    this.entries.delete(key);
    this.entries.set(key, copyOf(challenge));
  }

  async consume(binding: OtpBinding, codeDigest: string, now: Date): Promise<OtpAttemptOutcome> {
    const result = this.attempt(bindingKeyOf(binding), codeDigest, now);
    this.sweeper.sweep(now.getTime());
    return result;
  }

  // A read only: sweeping here could drop the very challenge a `consume` right after should report
  // as expired.
  async find(binding: OtpBinding, now: Date): Promise<OtpChallengeState | undefined> {
    const stored = this.entries.get(bindingKeyOf(binding));
    if (!stored || OtpChallenge.restore(stored).isExpired(now)) return undefined;
    return copyOf(stored);
  }

  async discard(binding: OtpBinding): Promise<void> {
    this.entries.delete(bindingKeyOf(binding));
  }

  private attempt(key: string, codeDigest: string, now: Date): OtpAttemptOutcome {
    const stored = this.entries.get(key);
    if (!stored) return { outcome: 'unknown' };
    const challenge = OtpChallenge.restore(stored);
    const result = challenge.attempt(codeDigest, now, digestsMatch);
    if (result.outcome === 'accepted' || result.outcome === 'expired') this.entries.delete(key);
    else this.entries.set(key, challenge.snapshot());
    return result.outcome === 'accepted' ? { outcome: 'accepted', challenge: copyOf(result.challenge) } : result;
  }
}

/**
 * Compares two hex digests in time that does not depend on where they differ. Lengths are not
 * secret (every digest is 64 hex characters), so unequal lengths answer false at once, as
 * `timingSafeEqual` would otherwise throw.
 */
function digestsMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  if (left.length === 0 || left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

// Copies in and out: a caller holding the object it issued, or the one it was handed back, must not
// be able to move the expiry or the attempt count of the stored challenge.
function copyOf(state: OtpChallengeState): OtpChallengeState {
  return { ...state, binding: { ...state.binding }, expiresAt: new Date(state.expiresAt.getTime()) };
}
