import { RefreshTokenRecord, refusalOf } from '../../domain/refresh-token';
import { RefreshTokenRepository, RotationResult } from '../../ports/refresh-token-repository';

/** Keeps refresh-token families in this process. For tests and single-instance demos. */
export class MemoryRefreshTokenRepository extends RefreshTokenRepository {
  private readonly byHash = new Map<string, RefreshTokenRecord>();

  async save(record: RefreshTokenRecord): Promise<void> {
    this.byHash.set(record.hash, copyOf(record));
  }

  /**
   * Decides and spends without awaiting anything in between: the event loop cannot run a second
   * call halfway, so of concurrent calls with one hash only the first finds the token unspent.
   */
  async rotate(
    hash: string,
    now: Date,
    successorOf: (previous: RefreshTokenRecord) => RefreshTokenRecord,
  ): Promise<RotationResult> {
    const stored = this.byHash.get(hash);
    if (!stored) return { kind: 'unknown' };
    const refusal = refusalOf(stored, now);
    if (refusal === 'reused') return { kind: 'reused', previous: copyOf(stored) };
    if (refusal) return { kind: refusal };
    const spent = { ...stored, spentAt: new Date(now.getTime()) };
    // Built and checked before anything is stored, so a throwing builder or a successor that
    // cannot be stored leaves the token unspent, as a failed INSERT does in the SQL adapter.
    const successor = successorOf(copyOf(spent));
    if (this.byHash.has(successor.hash)) throw new Error('A refresh token with the successor hash is already stored');
    this.byHash.set(hash, spent);
    this.byHash.set(successor.hash, copyOf(successor));
    return { kind: 'rotated', previous: copyOf(spent), successor: copyOf(successor) };
  }

  async revokeFamily(sessionId: string, now: Date): Promise<void> {
    for (const [hash, record] of this.byHash) {
      if (record.sessionId === sessionId && !record.revokedAt) {
        this.byHash.set(hash, { ...record, revokedAt: new Date(now.getTime()) });
      }
    }
  }
}

function copyOf(record: RefreshTokenRecord): RefreshTokenRecord {
  const copyDate = (date: Date | undefined) => date && new Date(date.getTime());
  return {
    ...record,
    issuedAt: new Date(record.issuedAt.getTime()),
    expiresAt: new Date(record.expiresAt.getTime()),
    spentAt: copyDate(record.spentAt),
    revokedAt: copyDate(record.revokedAt),
  };
}
