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

/** Confirmed TOTP enrolments of the local users. */
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

  abstract remove(userId: string): Promise<void>;
}
