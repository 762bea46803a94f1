import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { RecoveryCodeRepository } from '../../ports/recovery-code-repository';
import { RecoveryCodeEntity } from './entities/recovery-code.entity';

/** The part of a better-sqlite3 `Database` that `replace` uses. */
interface SyncSqlite {
  prepare(sql: string): { run(...parameters: unknown[]): unknown };
  transaction(body: () => void): () => void;
}

/** Recovery codes in `stepgate_recovery_codes`, one row per code, on SQLite or PostgreSQL. */
export class TypeormRecoveryCodeRepository extends RecoveryCodeRepository {
  private readonly rows: Repository<RecoveryCodeEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(RecoveryCodeEntity);
  }

  async replace(userId: string, codeDigests: readonly string[], now: Date): Promise<void> {
    const rows = codeDigests.map((codeDigest) => Object.assign(new RecoveryCodeEntity(), { id: randomUUID(), userId, codeDigest, createdAt: now, usedAt: null }));
    if (this.dataSource.options.type === 'better-sqlite3') return this.replaceOnOneConnection(userId, rows);
    await this.dataSource.transaction(async (manager) => {
      await this.lockCodesOf(userId, manager);
      await manager.delete(RecoveryCodeEntity, { userId });
      if (rows.length > 0) await manager.createQueryBuilder().insert().into(RecoveryCodeEntity).values(rows).updateEntity(false).execute();
    });
  }

  /**
   * Conditional UPDATE: the WHERE is the check. On PostgreSQL a concurrent UPDATE of the row waits
   * for the other to commit and then re-checks `used_at IS NULL` (READ COMMITTED), so exactly one
   * caller sees `affected === 1`; better-sqlite3 runs one statement at a time.
   */
  async consume(userId: string, codeDigest: string, now: Date): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ usedAt: now })
      .where('user_id = :userId AND code_digest = :codeDigest AND used_at IS NULL', { userId, codeDigest })
      .execute();
    return result.affected === 1;
  }

  countUnused(userId: string): Promise<number> {
    return this.rows.countBy({ userId, usedAt: IsNull() });
  }

  async removeAll(userId: string): Promise<void> {
    await this.rows.delete({ userId });
  }

  /**
   * Under READ COMMITTED a DELETE does not see rows a parallel replace inserts, so two replaces
   * would leave both sets; a transaction-scoped lock per user makes the later one delete the
   * earlier one's codes. A hash collision between two users only makes one wait for the other.
   */
  private async lockCodesOf(userId: string, manager: EntityManager): Promise<void> {
    if (this.dataSource.options.type !== 'postgres') return;
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.rows.metadata.tableName}:${userId}`]);
  }

  /**
   * better-sqlite3 gives TypeORM one connection for every caller, so a TypeORM transaction there
   * would take in whatever other requests run between its awaits (a concurrent spend it would roll
   * back with it) and nest parallel replaces as savepoints. better-sqlite3's own transaction runs
   * synchronously: nothing else runs on the connection until it has committed or rolled back.
   */
  private replaceOnOneConnection(userId: string, rows: RecoveryCodeEntity[]): void {
    const { driver } = this.dataSource;
    const database = (driver as unknown as { databaseConnection: SyncSqlite }).databaseConnection;
    const table = this.rows.metadata.tablePath.split('.').map((part) => driver.escape(part)).join('.');
    const columns = this.rows.metadata.columns;
    const deleteAll = database.prepare(`DELETE FROM ${table} WHERE ${driver.escape('user_id')} = ?`);
    const insert = database.prepare(
      `INSERT INTO ${table} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    database.transaction(() => {
      deleteAll.run(userId);
      for (const row of rows) insert.run(...columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column) ?? null));
    })();
  }
}
