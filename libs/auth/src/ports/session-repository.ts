import type { AuthSession } from '../domain/auth-session';

/**
 * Stores `AuthSession` aggregates. A session two requests can change at once (a refresh extending
 * it while a logout ends it) is changed only by `touch` and `revoke`, which check and change in one
 * atomic step in every adapter, so a revocation is never overwritten by a stale copy.
 */
export abstract class SessionRepository {
  /**
   * Inserts a new session or replaces it whole: for a sign-in in progress (pending, then
   * activated) that no other request changes. Never for an active session: a copy read before a
   * concurrent revocation would bring it back; use `touch` and `revoke` there.
   */
  abstract save(session: AuthSession): Promise<void>;
  abstract findById(id: string): Promise<AuthSession | undefined>;
  /** The user's sessions that are active at `now`, newest first. */
  abstract listActive(userId: string, now: Date): Promise<AuthSession[]>;

  /**
   * Records a use of the session and moves its expiry to `expiresAt`, only if it is still active
   * at `now` (not pending, revoked or expired), as one atomic step: a revocation that landed first
   * stays. Answers whether it touched the session.
   */
  abstract touch(id: string, now: Date, expiresAt: Date): Promise<boolean>;

  /**
   * Marks the session revoked at `now` unless it is revoked already, as one atomic step. Of any
   * number of concurrent calls for one session exactly one answers `true`; an unknown or already
   * revoked session answers `false`. An expired or pending session can still be revoked.
   */
  abstract revoke(id: string, now: Date): Promise<boolean>;
}
