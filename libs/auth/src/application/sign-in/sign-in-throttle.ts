import { Injectable } from '@nestjs/common';
import { ServiceUnavailableError, TooManyAttemptsError } from '../../domain/auth-error';
import { normalizeUsername } from '../../domain/username';
import { AttemptCounter } from '../../ports/attempt-counter';
import { AuthSettings } from '../auth-settings';
import { AttemptReservations, Reservation, secondsLeft } from './attempt-reservations';

/** The reservations one password check holds until it is settled. */
export interface PasswordAttempt {
  readonly account: Reservation;
  readonly client?: Reservation;
}

/**
 * Slows password guessing per account and per client address (OWASP Authentication Cheat Sheet).
 * Both counters count an attempt before the password is checked, so parallel guesses cannot slip
 * past a limit while the hashes run (150 parallel sign-ins with distinct usernames from one address
 * all reached the check when the client counter was read first and counted after).
 *
 * A success clears the account's counter and gives the client's reservation back, so the client
 * limit still counts failures only and many users behind one address (NAT) can keep signing in.
 * An attempt refused before its check ran (the hashing queue was full) gives both back.
 */
@Injectable()
export class SignInThrottle {
  private readonly reservations: AttemptReservations;
  // Per instance, as the hashing queue it protects is; an entry lives only while its checks run.
  private readonly inFlight = new Map<string, number>();

  constructor(
    counter: AttemptCounter,
    private readonly settings: AuthSettings,
  ) {
    this.reservations = new AttemptReservations(counter);
  }

  /** Counts the attempt, or throws `TOO_MANY_ATTEMPTS` when the account or the client is over its limit. */
  async beginAttempt(username: string, clientAddress: string | undefined, now: Date): Promise<PasswordAttempt> {
    const { perAccount, perClient } = this.settings.signInThrottle;
    const client = clientAddress ? await this.reservations.reserve(clientKey(clientAddress), perClient.windowSeconds, now) : undefined;
    // A refused attempt stays counted: the window is fixed, so hammering a closed one does not extend it.
    if (client && client.count > perClient.limit) throw new TooManyAttemptsError(secondsLeft(client, now));
    const account = await this.reservations.reserve(accountKey(username), perAccount.windowSeconds, now);
    if (account.count > perAccount.limit) {
      // The password was not checked, so it is no failure of this client's.
      if (client) await this.reservations.giveBack(client, now);
      throw new TooManyAttemptsError(secondsLeft(account, now));
    }
    return { account, client };
  }

  /** The password was right. */
  async recordSuccess(attempt: PasswordAttempt, now: Date): Promise<void> {
    await this.reservations.clear(attempt.account.key, now);
    if (attempt.client) await this.reservations.giveBack(attempt.client, now);
  }

  /** The check did not run: neither counter should hold it. */
  async recordNotChecked(attempt: PasswordAttempt, now: Date): Promise<void> {
    await this.reservations.giveBack(attempt.account, now);
    if (attempt.client) await this.reservations.giveBack(attempt.client, now);
  }

  /**
   * Runs `check` under the throttle: a result `passed` accepts is a success, any other a counted
   * failure, and a refusal for capacity (`SERVICE_UNAVAILABLE`) uncounts the attempt before it
   * propagates.
   */
  async guard<T>(username: string, clientAddress: string | undefined, now: Date, check: () => Promise<T>, passed: (result: T) => boolean): Promise<T> {
    const inFlight = clientAddress ? (this.inFlight.get(clientAddress) ?? 0) : 0;
    // One address's burst may hold only a few places in this instance's hashing queue (by default 4:
    // enough for several users behind one NAT signing in at the same moment), so other clients'
    // sign-ins wait behind at most a few hashes. Refused before counting: nothing was checked.
    if (clientAddress && inFlight >= this.settings.signInThrottle.maxChecksInFlightPerClient) throw new TooManyAttemptsError(1);
    if (clientAddress) this.inFlight.set(clientAddress, inFlight + 1);
    try {
      const attempt = await this.beginAttempt(username, clientAddress, now);
      let result: T;
      try {
        result = await check();
      } catch (error) {
        if (error instanceof ServiceUnavailableError) await this.recordNotChecked(attempt, now);
        throw error;
      }
      if (passed(result)) await this.recordSuccess(attempt, now);
      return result;
    } finally {
      // Stryker disable next-line ConditionalExpression: without an address nothing was put in the in-flight map, and releasing an absent key only deletes nothing.
      if (clientAddress) this.release(clientAddress);
    }
  }

  private release(clientAddress: string): void {
    const left = (this.inFlight.get(clientAddress) ?? 1) - 1;
    if (left > 0) this.inFlight.set(clientAddress, left);
    else this.inFlight.delete(clientAddress);
  }
}

// One key per account however its name is typed: `ＡＬＩＣＥ` counts on alice's counter.
const accountKey = (username: string) => `sign-in:account:${normalizeUsername(username)}`;
/** The per-client counter, shared by the password step and the later steps. */
export const clientKey = (address: string) => `sign-in:client:${address}`;
