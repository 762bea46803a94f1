import { RecoveryCodeRepository } from '../../ports/recovery-code-repository';

interface StoredCode {
  readonly createdAt: Date;
  usedAt: Date | undefined;
}

/**
 * Keeps recovery codes in this process, one entry per code, never one list rewritten: spending one
 * code touches only its own entry. For tests and single-instance demos; lost on restart.
 */
export class MemoryRecoveryCodeRepository extends RecoveryCodeRepository {
  /** userId -> code digest -> code. */
  private readonly codes = new Map<string, Map<string, StoredCode>>();

  async replace(userId: string, codeDigests: readonly string[], now: Date): Promise<void> {
    const fresh = new Map<string, StoredCode>();
    for (const digest of codeDigests) {
      // The SQL adapters refuse a repeat through their unique key; refusing it here before any
      // change keeps the old codes, as their rolled-back transaction does.
      if (fresh.has(digest)) throw new Error('A recovery code digest appears twice in one replace; the codes were left as they were.');
      fresh.set(digest, { createdAt: new Date(now.getTime()), usedAt: undefined });
    }
    this.codes.set(userId, fresh);
  }

  // Check and change without an await in between: the event loop cannot run another call halfway.
  async consume(userId: string, codeDigest: string, now: Date): Promise<boolean> {
    const code = this.codes.get(userId)?.get(codeDigest);
    if (!code || code.usedAt) return false;
    code.usedAt = new Date(now.getTime());
    return true;
  }

  async countUnused(userId: string): Promise<number> {
    return [...(this.codes.get(userId)?.values() ?? [])].filter((code) => !code.usedAt).length;
  }

  async removeAll(userId: string): Promise<void> {
    this.codes.delete(userId);
  }
}
