import { DataSource, Repository } from 'typeorm';
import { PendingTotpSetup, SealedSecret, TotpEnrollment, TotpEnrollmentRepository } from '../../ports/totp-enrollment-repository';
import { TotpEnrollmentEntity } from './entities/totp-enrollment.entity';
import { TotpPendingSetupEntity } from './entities/totp-pending-setup.entity';
import { LeanRows } from './lean-rows';

/** The part of a better-sqlite3 `Database` that `confirmPending` uses. */
interface SyncSqlite {
  prepare(sql: string): { run(...parameters: unknown[]): { changes: number } };
  transaction<T>(body: () => T): () => T;
}

// The pending setup a confirmation may take: still the one sealed as the caller's secret, unexpired.
const TAKE_PENDING = 'user_id = :userId AND secret_key_id = :keyId AND secret_ciphertext = :ciphertext AND expires_at > :now';

/**
 * Confirmed TOTP enrolments in `stepgate_totp_enrollments` and the setups waiting for their first
 * code in `stepgate_totp_pending_setups`, on SQLite or PostgreSQL.
 */
export class TypeormTotpEnrollmentRepository extends TotpEnrollmentRepository {
  private readonly rows: Repository<TotpEnrollmentEntity>;
  private readonly lean: LeanRows<TotpEnrollmentEntity>;
  private readonly pendingRows: Repository<TotpPendingSetupEntity>;
  private readonly leanPending: LeanRows<TotpPendingSetupEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(TotpEnrollmentEntity);
    this.lean = new LeanRows(this.rows);
    this.pendingRows = dataSource.getRepository(TotpPendingSetupEntity);
    this.leanPending = new LeanRows(this.pendingRows);
  }

  // Read at every TOTP sign-in step, hence the SQL written once.
  async find(userId: string): Promise<TotpEnrollment | undefined> {
    const row = await this.lean.findOneBy('userId', userId);
    return row ? toEnrollment(row) : undefined;
  }

  // An upsert in one statement: a select-then-insert could race a concurrent save for the user.
  async save(enrollment: TotpEnrollment): Promise<void> {
    await this.lean.upsert(toRow(enrollment), 'userId');
  }

  /**
   * Conditional UPDATEs: the WHERE is the check. On PostgreSQL a concurrent UPDATE of the row waits
   * for the other to commit and then re-checks the WHERE (READ COMMITTED), so of two submissions
   * of one code the second matches nothing; better-sqlite3 runs one statement at a time.
   */
  async acceptTimeStep(userId: string, timeStep: number): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ lastTimeStep: timeStep })
      .where('user_id = :userId AND last_time_step < :timeStep', { userId, timeStep })
      .execute();
    return result.affected === 1;
  }

  // Sets the secret columns only, so a time step accepted since the caller read the row stays.
  async reseal(userId: string, expected: SealedSecret, resealed: SealedSecret): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ secretKeyId: resealed.keyId, secretCiphertext: resealed.ciphertext })
      .where('user_id = :userId AND secret_key_id = :keyId AND secret_ciphertext = :ciphertext', {
        userId,
        keyId: expected.keyId,
        ciphertext: expected.ciphertext,
      })
      .execute();
    return result.affected === 1;
  }

  /**
   * The pending setup goes first. A confirmation that has taken it holds its row until the
   * enrolment is written (PostgreSQL: the row lock; better-sqlite3: one synchronous transaction),
   * so the second DELETE then sees and removes the enrolment it made instead of leaving it behind.
   */
  async remove(userId: string): Promise<void> {
    await this.pendingRows.delete({ userId });
    await this.rows.delete({ userId });
  }

  // One upsert: the primary key on user_id keeps one pending setup per user.
  async savePending(setup: PendingTotpSetup): Promise<void> {
    await this.leanPending.upsert(toPendingRow(setup), 'userId');
  }

  // Expired at `expiresAt` itself, as TAKE_PENDING's `expires_at > now` has it.
  async findPending(userId: string, now: Date): Promise<PendingTotpSetup | undefined> {
    const row = await this.leanPending.findOneBy('userId', userId);
    return row && now.getTime() < row.expiresAt.getTime() ? toPendingSetup(row) : undefined;
  }

  /**
   * A conditional DELETE takes the pending setup, and the enrolment is written in the same
   * transaction, so a failure between the two loses neither. On PostgreSQL a parallel DELETE of the
   * row waits for the first to commit and then matches nothing (READ COMMITTED re-checks the WHERE):
   * one caller alone goes on to write the enrolment.
   */
  async confirmPending(userId: string, secret: SealedSecret, timeStep: number, now: Date): Promise<boolean> {
    const enrollment = toRow({ userId, secret, lastTimeStep: timeStep, enabledAt: now });
    // Query parameters skip the column transformers, hence epoch milliseconds by hand.
    const parameters = { userId, keyId: secret.keyId, ciphertext: secret.ciphertext, now: now.getTime() };
    if (this.dataSource.options.type === 'better-sqlite3') return this.confirmOnOneConnection(parameters, enrollment);
    return this.dataSource.transaction(async (manager) => {
      const taken = await manager.createQueryBuilder().delete().from(TotpPendingSetupEntity).where(TAKE_PENDING, parameters).execute();
      if (taken.affected !== 1) return false;
      await manager.upsert(TotpEnrollmentEntity, enrollment, ['userId']);
      return true;
    });
  }

  /**
   * better-sqlite3 gives TypeORM one connection for every caller, so a TypeORM transaction there
   * would take in whatever other requests run between its awaits. better-sqlite3's own transaction
   * runs synchronously: nothing else runs on the connection until it has committed or rolled back.
   */
  private confirmOnOneConnection(parameters: Record<string, string | number>, enrollment: TotpEnrollmentEntity): boolean {
    const { driver } = this.dataSource;
    const database = (driver as unknown as { databaseConnection: SyncSqlite }).databaseConnection;
    const [takeSql, takeParameters] = driver.escapeQueryWithParameters(`DELETE FROM ${this.tableOf(this.pendingRows)} WHERE ${TAKE_PENDING}`, parameters);
    const columns = this.rows.metadata.columns;
    const names = columns.map((column) => driver.escape(column.databaseName));
    const key = driver.escape('user_id');
    const upsertSql =
      `INSERT INTO ${this.tableOf(this.rows)} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ` +
      `ON CONFLICT (${key}) DO UPDATE SET ${names.filter((name) => name !== key).map((name) => `${name} = excluded.${name}`).join(', ')}`;
    const take = database.prepare(takeSql);
    const upsert = database.prepare(upsertSql);
    const values = columns.map((column) => driver.preparePersistentValue(column.getEntityValue(enrollment), column) ?? null);
    return database.transaction(() => {
      if (take.run(...takeParameters).changes !== 1) return false;
      upsert.run(...values);
      return true;
    })();
  }

  private tableOf(rows: Repository<object>): string {
    const { driver } = this.dataSource;
    return rows.metadata.tablePath.split('.').map((part) => driver.escape(part)).join('.');
  }
}

function toPendingRow(setup: PendingTotpSetup): TotpPendingSetupEntity {
  return Object.assign(new TotpPendingSetupEntity(), {
    userId: setup.userId,
    secretKeyId: setup.secret.keyId,
    secretCiphertext: setup.secret.ciphertext,
    expiresAt: setup.expiresAt,
  });
}

function toPendingSetup(row: TotpPendingSetupEntity): PendingTotpSetup {
  return { userId: row.userId, secret: { keyId: row.secretKeyId, ciphertext: row.secretCiphertext }, expiresAt: row.expiresAt };
}

function toRow(enrollment: TotpEnrollment): TotpEnrollmentEntity {
  return Object.assign(new TotpEnrollmentEntity(), {
    userId: enrollment.userId,
    secretKeyId: enrollment.secret.keyId,
    secretCiphertext: enrollment.secret.ciphertext,
    lastTimeStep: enrollment.lastTimeStep,
    enabledAt: enrollment.enabledAt,
  });
}

function toEnrollment(row: TotpEnrollmentEntity): TotpEnrollment {
  return {
    userId: row.userId,
    secret: { keyId: row.secretKeyId, ciphertext: row.secretCiphertext },
    lastTimeStep: row.lastTimeStep,
    enabledAt: row.enabledAt,
  };
}
