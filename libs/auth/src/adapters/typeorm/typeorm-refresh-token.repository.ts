import { DataSource, IsNull, Repository } from 'typeorm';
import { RefreshTokenRecord, refusalOf } from '../../domain/refresh-token';
import { RefreshTokenRepository, RotationResult } from '../../ports/refresh-token-repository';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

/** Refresh-token families in `stepgate_refresh_tokens`, on SQLite or PostgreSQL. */
export class TypeormRefreshTokenRepository extends RefreshTokenRepository {
  private readonly rows: Repository<RefreshTokenEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(RefreshTokenEntity);
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    await this.rows.insert(toRow(record));
  }

  /**
   * One conditional UPDATE decides the winner, without an explicit transaction: better-sqlite3 has a
   * single connection on which TypeORM cannot interleave transactions, and on PostgreSQL a
   * concurrent UPDATE of the same row waits for the first to commit, re-checks `spent_at IS NULL`
   * (READ COMMITTED) and matches nothing. So exactly one caller sees `affected === 1`.
   */
  async rotate(
    hash: string,
    now: Date,
    successorOf: (previous: RefreshTokenRecord) => RefreshTokenRecord,
  ): Promise<RotationResult> {
    const spend = await this.rows
      .createQueryBuilder()
      .update()
      .set({ spentAt: now })
      .where('hash = :hash AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { hash, now: now.getTime() })
      .execute();
    const row = await this.rows.findOneBy({ hash });
    if (!row) return { kind: 'unknown' };
    const previous = toRecord(row);
    if (spend.affected === 1) {
      const successor = successorOf(previous);
      await this.rows.insert(toRow(successor));
      return { kind: 'rotated', previous, successor };
    }
    const refusal = refusalOf(previous, now);
    if (refusal === 'reused') return { kind: 'reused', previous };
    // No refusal means the row was absent when the UPDATE ran and was saved since: unknown then.
    return { kind: refusal ?? 'unknown' };
  }

  async revokeFamily(sessionId: string, now: Date): Promise<void> {
    await this.rows.update({ sessionId, revokedAt: IsNull() }, { revokedAt: now });
  }
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
