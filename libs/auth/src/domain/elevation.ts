/**
 * Which elevation: one user, one of their sessions, one named operation. An elevation answers for
 * exactly this triple; no other operation, user or session of the same user may use it.
 */
export interface ElevationKey {
  readonly userId: string;
  readonly sessionId: string;
  /** The name given to `@VerifyElevation(operation)`, such as `transfer_funds`. */
  readonly operation: string;
}

/**
 * A short-lived right to perform `operation`, granted after a second factor was proven for the
 * pending operation `operationId` (the step-up `correlation_id`).
 */
export interface Elevation extends ElevationKey {
  readonly operationId: string;
  readonly grantedAt: Date;
  readonly expiresAt: Date;
  /** Spent by the first request it authorizes (a resumed operation), instead of lasting its TTL. */
  readonly oneShot: boolean;
}

/** True while `elevation` has not expired at `now`. */
export function isLive(elevation: Pick<Elevation, 'expiresAt'>, now: Date): boolean {
  return now.getTime() < elevation.expiresAt.getTime();
}

/**
 * What an operation may be called: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. The name travels
 * in a `WWW-Authenticate` quoted string and in store keys, so nothing else is allowed in it.
 */
export function isOperationName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(name);
}
