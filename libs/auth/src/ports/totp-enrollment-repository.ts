/** A TOTP secret encrypted at rest: AES-256-GCM under the key `keyId` names. */
export interface SealedSecret {
  /** Which of the configured encryption keys sealed it; rotation keeps older keys for opening. */
  readonly keyId: string;
  /** base64url of IV ‖ ciphertext ‖ tag. */
  readonly ciphertext: string;
}

/** A confirmed TOTP enrolment. Until the first code is confirmed the user has none. */
export interface TotpEnrollment {
  readonly userId: string;
  readonly secret: SealedSecret;
  /**
   * The last RFC 6238 time step a code was accepted for. A code of that step or an earlier one is
   * a replay and is refused.
   */
  readonly lastTimeStep: number;
  readonly enabledAt: Date;
}

/** A begun TOTP setup: its secret waits for the first code, and is dropped at `expiresAt`. */
export interface PendingTotpSetup {
  readonly userId: string;
  readonly secret: SealedSecret;
  readonly expiresAt: Date;
}

/** TOTP enrolments of the local users, and the setups waiting for their confirming code. */
export abstract class TotpEnrollmentRepository {
  abstract find(userId: string): Promise<TotpEnrollment | undefined>;

  /** Stores the enrolment, replacing the user's previous one. */
  abstract save(enrollment: TotpEnrollment): Promise<void>;

  /**
   * Records `timeStep` as the last accepted step only while the stored one is earlier, in one
   * conditional write: of parallel submissions of one valid code exactly one gets true. False as
   * well when the user has no enrolment.
   */
  abstract acceptTimeStep(userId: string, timeStep: number): Promise<boolean>;

  /** Replaces the sealed secret only while it is still `expected` (a re-seal under a newer key). */
  abstract reseal(userId: string, expected: SealedSecret, resealed: SealedSecret): Promise<boolean>;

  /** Removes the enrolment and any pending setup of the user. */
  abstract remove(userId: string): Promise<void>;

  /** Stores a begun setup, replacing the user's earlier pending one; the enrolment, if any, is untouched. */
  abstract savePending(setup: PendingTotpSetup): Promise<void>;

  /** The user's pending setup, unless it has expired. */
  abstract findPending(userId: string, now: Date): Promise<PendingTotpSetup | undefined>;

  /**
   * Turns the pending setup sealed as `secret` into the user's enrolment, with `timeStep` as its
   * last accepted step, only while that setup is still pending and unexpired: of parallel
   * confirmations exactly one gets true, and a setup replaced meanwhile is not confirmed.
   */
  abstract confirmPending(userId: string, secret: SealedSecret, timeStep: number, now: Date): Promise<boolean>;
}
