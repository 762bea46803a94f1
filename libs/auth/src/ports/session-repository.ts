import type { AuthSession } from '../domain/auth-session';

/** Stores `AuthSession` aggregates. */
export abstract class SessionRepository {
  /** Inserts or replaces the session. */
  abstract save(session: AuthSession): Promise<void>;
  abstract findById(id: string): Promise<AuthSession | undefined>;
  /** The user's sessions that are active at `now`, newest first. */
  abstract listActive(userId: string, now: Date): Promise<AuthSession[]>;
}
