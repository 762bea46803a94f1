import { RefreshTokenRecord, refusalOf } from '../../domain/refresh-token';
import { RefreshTokenRepository, RotationResult } from '../../ports/refresh-token-repository';

/** Keeps refresh-token families in this process. For tests and single-instance demos. */
export class MemoryRefreshTokenRepository extends RefreshTokenRepository {
  private readonly byHash = new Map<string, RefreshTokenRecord>();

  async save(record: RefreshTokenRecord): Promise<void> {
    this.byHash.set(record.hash, copyOf(record));
  }

  /**
   * Decides, then builds the successor (which may wait), then checks that the record is the one it
   * decided on and spends it with nothing awaited between that check and the spend: of concurrent
   * calls with one hash only the first to get there finds the token unspent.
   */
  async rotate(
    hash: string,
    now: Date,
    successorOf: (previous: RefreshTokenRecord) => RefreshTokenRecord | Promise<RefreshTokenRecord>,
  ): Promise<RotationResult> {
    const stored = this.byHash.get(hash);
    if (!stored) return { kind: 'unknown' };
    const refused = refusalFor(stored, now);
    if (refused) return refused;
    const spent = { ...stored, spentAt: new Date(now.getTime()) };
    // Built and checked before anything is stored, so a throwing builder or a successor that
    // cannot be stored leaves the token unspent, as a failed INSERT does in the SQL adapter.
    const successor = await successorOf(copyOf(spent));
    // Records are replaced, never changed in place: another object here means another call spent
    // (or revoked) the token while the successor was being built, and that call won.
    const current = this.byHash.get(hash)!;
    if (current !== stored) return refusalFor(current, now) ?? { kind: 'reused', previous: copyOf(current) };
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

function refusalFor(record: RefreshTokenRecord, now: Date): Exclude<RotationResult, { kind: 'rotated' }> | undefined {
  const refusal = refusalOf(record, now);
  if (refusal === 'reused') return { kind: 'reused', previous: copyOf(record) };
  return refusal ? { kind: refusal } : undefined;
}
