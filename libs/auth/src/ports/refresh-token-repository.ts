import type { RefreshTokenRecord, RotationOutcome } from '../domain/refresh-token';

/** What spending a refresh token did: rotated it, or found it spent (reuse), expired or unknown. */
export type RotationResult =
  | (Extract<RotationOutcome, { kind: 'rotated' }> & { readonly successor: RefreshTokenRecord })
  | Exclude<RotationOutcome, { kind: 'rotated' }>;

/** Stores the hashed refresh tokens of every session's family. */
export abstract class RefreshTokenRepository {
  abstract save(record: RefreshTokenRecord): Promise<void>;

  /**
   * Spends the token with `hash` and stores the successor that `successorOf` builds, as one atomic
   * step: of any number of concurrent calls with the same hash, exactly one returns `rotated`; the
   * others see the token spent and return `reused`.
   *
   * `successorOf` may wait (the caller reads the user from a remote directory there, before the
   * token is spent). When it throws or rejects, or the successor cannot be stored (its hash is
   * taken, the database refuses it), the call rejects with that error and the token stays unspent:
   * no successor reached anyone, so presenting the token again must rotate it, not be taken for
   * theft and revoke the family. A concurrent call that spent the token while `successorOf` waited
   * wins; this one then returns `reused`. Every adapter behaves so; the contract suite checks it.
   */
  abstract rotate(
    hash: string,
    now: Date,
    successorOf: (previous: RefreshTokenRecord) => RefreshTokenRecord | Promise<RefreshTokenRecord>,
  ): Promise<RotationResult>;

  /** Revokes every token of the session's family. */
  abstract revokeFamily(sessionId: string, now: Date): Promise<void>;
}
