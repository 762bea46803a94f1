import { PendingTotpSetup, SealedSecret, TotpEnrollment, TotpEnrollmentRepository } from '../../ports/totp-enrollment-repository';

/** Keeps TOTP enrolments and pending setups in this process. For tests and single-instance demos; lost on restart. */
export class MemoryTotpEnrollmentRepository extends TotpEnrollmentRepository {
  private readonly enrollments = new Map<string, TotpEnrollment>();
  private readonly pending = new Map<string, PendingTotpSetup>();

  async find(userId: string): Promise<TotpEnrollment | undefined> {
    const enrollment = this.enrollments.get(userId);
    return enrollment && copyOf(enrollment);
  }

  async save(enrollment: TotpEnrollment): Promise<void> {
    this.enrollments.set(enrollment.userId, copyOf(enrollment));
  }

  // Check and change without an await in between: the event loop cannot run another call halfway.
  // Written as `!(stored < step)` so that what is refused matches the SQL adapters' WHERE.
  async acceptTimeStep(userId: string, timeStep: number): Promise<boolean> {
    const enrollment = this.enrollments.get(userId);
    if (!enrollment || !(enrollment.lastTimeStep < timeStep)) return false;
    this.enrollments.set(userId, { ...enrollment, lastTimeStep: timeStep });
    return true;
  }

  // Only the secret changes: a time step accepted since the caller read the enrolment stays.
  async reseal(userId: string, expected: SealedSecret, resealed: SealedSecret): Promise<boolean> {
    const enrollment = this.enrollments.get(userId);
    if (!enrollment || !sameSecret(enrollment.secret, expected)) return false;
    this.enrollments.set(userId, { ...enrollment, secret: { keyId: resealed.keyId, ciphertext: resealed.ciphertext } });
    return true;
  }

  async remove(userId: string): Promise<void> {
    this.pending.delete(userId);
    this.enrollments.delete(userId);
  }

  async savePending(setup: PendingTotpSetup): Promise<void> {
    this.pending.set(setup.userId, copyOfPending(setup));
  }

  // Expired at `expiresAt` itself, as the SQL adapters' `expires_at > now` has it.
  async findPending(userId: string, now: Date): Promise<PendingTotpSetup | undefined> {
    const setup = this.pending.get(userId);
    return setup && now.getTime() < setup.expiresAt.getTime() ? copyOfPending(setup) : undefined;
  }

  // Check, delete and enrol without an await in between, so parallel confirmations cannot both pass.
  async confirmPending(userId: string, secret: SealedSecret, timeStep: number, now: Date): Promise<boolean> {
    const setup = this.pending.get(userId);
    if (!setup || !sameSecret(setup.secret, secret) || !(now.getTime() < setup.expiresAt.getTime())) return false;
    this.pending.delete(userId);
    this.enrollments.set(userId, copyOf({ userId, secret: setup.secret, lastTimeStep: timeStep, enabledAt: now }));
    return true;
  }
}

function sameSecret(a: SealedSecret, b: SealedSecret): boolean {
  return a.keyId === b.keyId && a.ciphertext === b.ciphertext;
}

// A stored copy keeps the caller's objects, and later changes to them, out of the store.
function copyOf(enrollment: TotpEnrollment): TotpEnrollment {
  return {
    userId: enrollment.userId,
    secret: { keyId: enrollment.secret.keyId, ciphertext: enrollment.secret.ciphertext },
    lastTimeStep: enrollment.lastTimeStep,
    enabledAt: new Date(enrollment.enabledAt.getTime()),
  };
}

function copyOfPending(setup: PendingTotpSetup): PendingTotpSetup {
  return {
    userId: setup.userId,
    secret: { keyId: setup.secret.keyId, ciphertext: setup.secret.ciphertext },
    expiresAt: new Date(setup.expiresAt.getTime()),
  };
}
