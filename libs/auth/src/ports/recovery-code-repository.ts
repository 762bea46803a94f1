/**
 * A user's recovery codes, one row per code, each stored as an HMAC under the server's key (never
 * the code, never one list). Consuming is one conditional write, so a code is spent once even when
 * two requests bring it at the same moment.
 */
export abstract class RecoveryCodeRepository {
  /**
   * Replaces the user's codes with `codeDigests` in one transaction: the old codes are void. Of
   * parallel replaces one whole set remains. Rejects, changing nothing, when a digest repeats.
   */
  abstract replace(userId: string, codeDigests: readonly string[], now: Date): Promise<void>;

  /** Marks the unused code with `codeDigest` as used; true for exactly one of any parallel calls. */
  abstract consume(userId: string, codeDigest: string, now: Date): Promise<boolean>;

  /** How many of the user's codes are still unused. */
  abstract countUnused(userId: string): Promise<number>;

  /** Removes every code of the user (TOTP disabled, user removed). */
  abstract removeAll(userId: string): Promise<void>;
}
