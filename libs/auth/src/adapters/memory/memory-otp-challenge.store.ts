import { timingSafeEqual } from 'node:crypto';
import { type OtpAttemptOutcome, type OtpBinding, OtpChallenge, type OtpChallengeState, bindingKeyOf } from '../../domain/otp-challenge';
import { OtpChallengeStore } from '../../ports/otp-challenge-store';

/**
 * How many entries each write inspects for expiry. More than one, so sweeping outpaces the one
 * entry a write can add: a client starting flow after flow cannot make the map grow for long.
 */
const SWEEP_BATCH = 64;

/** Below this many entries a full sweep is not worth its cost. */
const MIN_FULL_SWEEP_SIZE = 1_024;

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
  // Insertion order is age order (a reissue deletes first, so it moves to the end), and one cursor
  // walking the map round and round looks at the oldest entries first.
  private cursor: MapIterator<[string, OtpChallengeState]> = this.entries.entries();
  private sizeAfterFullSweep = 0;
  // The latest time a caller has passed in. `issue` is given none, and the wall clock may be far
  // from the caller's `Clock` (a test's fixed clock), so issuing sweeps by this instead: whatever
  // expired by then has expired for good.
  private latest = Number.NEGATIVE_INFINITY;

  /** Challenges held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  async issue(challenge: OtpChallengeState): Promise<void> {
    const key = bindingKeyOf(challenge.binding);
    this.entries.delete(key);
    this.entries.set(key, copyOf(challenge));
    this.sweep(this.latest);
  }

  async consume(binding: OtpBinding, codeDigest: string, now: Date): Promise<OtpAttemptOutcome> {
    const result = this.attempt(bindingKeyOf(binding), codeDigest, now);
    this.sweep(this.observe(now));
    return result;
  }

  // A read only: sweeping here could drop the very challenge a `consume` right after should report
  // as expired. Its time still moves the clock `issue` sweeps by.
  async find(binding: OtpBinding, now: Date): Promise<OtpChallengeState | undefined> {
    this.observe(now);
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

  private observe(now: Date): number {
    this.latest = Math.max(this.latest, now.getTime());
    return now.getTime();
  }

  // Incremental sweeping alone can stall behind long-lived entries; a full pass whenever the map
  // has doubled since the last one bounds it to about twice the live entries, at O(1) amortized.
  private sweep(now: number): void {
    if (this.entries.size >= Math.max(MIN_FULL_SWEEP_SIZE, 2 * this.sizeAfterFullSweep)) {
      for (const [key, entry] of this.entries) if (entry.expiresAt.getTime() <= now) this.entries.delete(key);
      this.sizeAfterFullSweep = this.entries.size;
      this.cursor = this.entries.entries();
      return;
    }
    for (let inspected = 0; inspected < SWEEP_BATCH; inspected++) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = this.entries.entries();
        return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt.getTime() <= now) this.entries.delete(key);
    }
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
