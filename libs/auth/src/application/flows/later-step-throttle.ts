import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError, TooManyAttemptsError } from '../../domain/auth-error';
import { AttemptCounter } from '../../ports/attempt-counter';
import { AuthSettings, type LaterStepLimits } from '../auth-settings';
import { AttemptReservations, Reservation, secondsLeft } from '../sign-in/attempt-reservations';
import { clientKey } from '../sign-in/sign-in-throttle';

interface LaterStepAttempt {
  readonly account: Reservation;
  readonly client?: Reservation;
}

/**
 * Limits guessing at the steps after the first (an access PIN, one-time codes) per account across
 * flows. The per-flow cap alone resets with every flow, and a right password starts a new flow at
 * will: 100 wrong PINs in 20 flows took 0.7 s. Failures are counted before the check (parallel
 * guesses cannot overshoot), per account and on the client's sign-in counter, and only a completed
 * sign-in clears the account's count: a right password does not, nor does a passed step that leads
 * to another (it gives its own attempt back, as not being a failure).
 *
 * After every `failuresBeforeLockout` failures the next attempt opens a lockout of `lockoutSeconds`
 * (429 with `Retry-After`); past `maxFailures` (below 100, NIST SP 800-63B section 5.2.2) the
 * account's later steps stay refused until the count's window ends or a sign-in completes without
 * them (an administrator removes the factor). Refused attempts are given back, so waiting out a
 * lockout costs nothing and a flood during one does not bring the hard stop closer.
 */
@Injectable()
export class LaterStepThrottle {
  private readonly reservations: AttemptReservations;

  constructor(
    private readonly counter: AttemptCounter,
    private readonly settings: AuthSettings,
  ) {
    this.reservations = new AttemptReservations(counter);
  }

  /** Runs the step's check under the limits; its errors pass through unchanged. */
  async guard<T>(userId: string, clientAddress: string | undefined, now: Date, check: () => Promise<T>): Promise<T> {
    const attempt = await this.begin(userId, clientAddress, now);
    try {
      const result = await check();
      await this.giveBack(attempt, now);
      return result;
    } catch (error) {
      if (error instanceof ServiceUnavailableError) await this.giveBack(attempt, now);
      throw error;
    }
  }

  /** A completed sign-in: the account's later-step failures are forgotten. */
  async completed(userId: string, now: Date): Promise<void> {
    const cleared = await this.reservations.clear(accountKey(userId), now);
    if (!cleared) return;
    const { failuresBeforeLockout, maxFailures } = this.settings.laterStepThrottle;
    for (let block = 1; block <= Math.floor(maxFailures / failuresBeforeLockout); block++) await this.counter.reset(lockoutKey(accountKey(userId), cleared, block));
  }

  private async begin(userId: string, clientAddress: string | undefined, now: Date): Promise<LaterStepAttempt> {
    const { laterStepThrottle: limits, signInThrottle } = this.settings;
    const client = clientAddress ? await this.reservations.reserve(clientKey(clientAddress), signInThrottle.perClient.windowSeconds, now) : undefined;
    if (client && client.count > signInThrottle.perClient.limit) throw new TooManyAttemptsError(secondsLeft(client, now));
    const account = await this.reservations.reserve(accountKey(userId), limits.windowSeconds, now);
    const refusedFor = account.count > limits.maxFailures ? secondsLeft(account, now) : await this.lockoutLeft(account, now);
    if (refusedFor !== undefined) {
      await this.giveBack({ account, client }, now);
      throw new TooManyAttemptsError(refusedFor);
    }
    return { account, client };
  }

  /**
   * Seconds left of the lockout that guards this attempt's block of failures, if any. The first
   * attempt into a block opens its lockout; the lockout's key lives as long as the count's window,
   * so when it was opened can still be read after the lockout ended, and an ended lockout is never
   * opened again (a counter alone cannot tell "ended" from "never opened").
   */
  private async lockoutLeft(account: Reservation, now: Date): Promise<number | undefined> {
    const { failuresBeforeLockout, lockoutSeconds, windowSeconds } = this.settings.laterStepThrottle;
    const block = Math.floor((account.count - 1) / failuresBeforeLockout);
    if (block === 0) return undefined;
    const lock = await this.counter.increment(lockoutKey(account.key, account.resetsAt, block), windowSeconds, now);
    const endsAt = lock.resetsAt.getTime() - windowSeconds * 1000 + lockoutSeconds * 1000;
    return endsAt > now.getTime() ? secondsLeft({ resetsAt: new Date(endsAt) }, now) : undefined;
  }

  private async giveBack({ account, client }: LaterStepAttempt, now: Date): Promise<void> {
    await this.reservations.giveBack(account, now);
    if (client) await this.reservations.giveBack(client, now);
  }
}

const accountKey = (userId: string) => `sign-in:later-steps:${userId}`;
const lockoutKey = (key: string, windowEnd: Date, block: number) => `${key}:lockout:${windowEnd.getTime()}:${block}`;

/** The `laterStepThrottle` option with its defaults; a start-up error for limits NIST would not allow. */
export function laterStepLimits(given: Partial<LaterStepLimits> = {}): LaterStepLimits {
  const limits = { failuresBeforeLockout: 25, lockoutSeconds: 900, maxFailures: 75, windowSeconds: 30 * 24 * 3600, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`laterStepThrottle.${name} must be a positive integer, not ${value}`);
  }
  // SP 800-63B section 5.2.2: no more than 100 consecutive failed attempts on one account.
  if (limits.maxFailures >= 100) throw new Error(`laterStepThrottle.maxFailures must be below 100, not ${limits.maxFailures}`);
  return limits;
}
