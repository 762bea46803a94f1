/**
 * Short-lived state of sign-in flows that every instance must see: which flow stages have been
 * used (so a flow advances once, and a `pre_auth_token` completes at most one sign-in) and how many
 * failed attempts a flow has had. Backed by Redis when several instances serve one app.
 */
export abstract class FlowStateStore {
  /**
   * Marks `key` as consumed until `expiresAt`. Atomic: of any number of concurrent calls with the
   * same key, exactly one resolves to true.
   */
  abstract consume(key: string, expiresAt: Date, now: Date): Promise<boolean>;

  /**
   * Whether `key` is consumed now, without consuming it: lets a replayed flow stage be refused before
   * its step runs, so a spent `pre_auth_token` cannot be used to try codes. `consume` stays the
   * deciding check.
   */
  abstract isConsumed(key: string, now: Date): Promise<boolean>;

  /** Counts one more attempt under `key`; the counter disappears at `expiresAt`. Returns the count. */
  abstract countAttempt(key: string, expiresAt: Date, now: Date): Promise<number>;
}
