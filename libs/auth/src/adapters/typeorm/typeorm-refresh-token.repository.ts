import { DataSource, IsNull, Repository } from 'typeorm';
import { RefreshTokenRecord, refusalOf } from '../../domain/refresh-token';
import { RefreshTokenRepository, RotationResult } from '../../ports/refresh-token-repository';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { LeanRows } from './lean-rows';

/** Refresh-token families in `stepgate_refresh_tokens`, on SQLite or PostgreSQL. */
export class TypeormRefreshTokenRepository extends RefreshTokenRepository {
  private readonly rows: Repository<RefreshTokenEntity>;
  private readonly lean: LeanRows<RefreshTokenEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(RefreshTokenEntity);
    this.lean = new LeanRows(this.rows);
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    await this.lean.insert(toRow(record));
  }

  /**
   * The successor is built and inserted before the token is spent, and one conditional UPDATE then
   * decides the winner, so a builder or an INSERT that fails leaves the token unspent (no false
   * theft alarm) and no transaction is needed: better-sqlite3 has one connection on which TypeORM
   * would nest concurrent transactions as savepoints. On PostgreSQL a concurrent UPDATE of the row
   * waits for the first to commit, re-checks `spent_at IS NULL` (READ COMMITTED) and matches
   * nothing, so exactly one caller sees `affected === 1`. A loser deletes its successor, whose
   * secret was never handed out.
   */
  async rotate(
    hash: string,
    now: Date,
    successorOf: (previous: RefreshTokenRecord) => RefreshTokenRecord | Promise<RefreshTokenRecord>,
  ): Promise<RotationResult> {
    const row = await this.lean.findOneBy('hash', hash);
    if (!row) return { kind: 'unknown' };
    const seen = refusalOf(toRecord(row), now);
    if (seen) return refused(seen, toRecord(row));
    const previous: RefreshTokenRecord = { ...toRecord(row), spentAt: now };
    // The spend below is conditional on the row being unspent, so waiting here races no one unsafely.
    const successor = await successorOf(previous);
    await this.lean.insert(toRow(successor));
    const spend = await this.rows
      .createQueryBuilder()
      .update()
      .set({ spentAt: now })
      .where('hash = :hash AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { hash, now: now.getTime() })
      .execute();
    if (spend.affected === 1) return { kind: 'rotated', previous, successor };
    await this.rows.delete({ hash: successor.hash });
    const after = await this.lean.findOneBy('hash', hash);
    const current = after && toRecord(after);
    return current ? refused(refusalOf(current, now), current) : { kind: 'unknown' };
  }

  async revokeFamily(sessionId: string, now: Date): Promise<void> {
    await this.rows.update({ sessionId, revokedAt: IsNull() }, { revokedAt: now });
  }
}

// A refusal found before or after losing the race. None after a lost race (the row looks live yet
// the UPDATE matched nothing) has no legitimate cause; it is refused as unknown, never rotated.
function refused(refusal: ReturnType<typeof refusalOf>, previous: RefreshTokenRecord): RotationResult {
  if (refusal === 'reused') return { kind: 'reused', previous };
  return { kind: refusal ?? 'unknown' };
}

function toRow(record: RefreshTokenRecord): RefreshTokenEntity {
  return Object.assign(new RefreshTokenEntity(), {
    hash: record.hash,
    sessionId: record.sessionId,
    userId: record.userId,
    generation: record.generation,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    spentAt: record.spentAt ?? null,
    revokedAt: record.revokedAt ?? null,
  });
}

function toRecord(row: RefreshTokenEntity): RefreshTokenRecord {
  return {
    hash: row.hash,
    sessionId: row.sessionId,
    userId: row.userId,
    generation: row.generation,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    ...(row.spentAt ? { spentAt: row.spentAt } : {}),
    ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}),
  };
}
