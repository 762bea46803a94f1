import type { Elevation, ElevationKey } from '../domain/elevation';

/**
 * Step-up elevations that every instance must see (DESIGN.md section 6): memory for one instance,
 * Redis for many. At most one elevation per user, session and operation; each disappears at its
 * `expiresAt` by the caller's clock, and all of a session's go when the session ends.
 */
export abstract class ElevationStore {
  /**
   * Stores `elevation` for its user, session and operation, replacing an earlier one, and answers
   * true; answers false without a change while a live elevation for that triple granted for the
   * same `operationId` is held, so parallel validations of one pending operation store it once.
   * Once that elevation is spent, expired or replaced, the same `operationId` may be granted
   * again: that a pending operation is granted (or resumed) only once is its own store's to decide.
   * `now` is the caller's clock: a store that keeps entries for a duration measures it from `now`.
   */
  abstract grant(elevation: Elevation, now: Date): Promise<boolean>;

  /** The live elevation for exactly this user, session and operation, if any. */
  abstract find(key: ElevationKey, now: Date): Promise<Elevation | undefined>;

  /**
   * Removes the live elevation for this triple and answers true, as one atomic step: of parallel
   * callers exactly one spends a one-shot elevation. False when there is none (or it expired), and
   * with `operationId`, when the one held was granted for another operation.
   */
  abstract spend(key: ElevationKey, now: Date, operationId?: string): Promise<boolean>;

  /** Removes every elevation of `sessionId` (logout, revocation, refresh-token reuse, user removal). */
  abstract revokeSession(sessionId: string): Promise<void>;
}
