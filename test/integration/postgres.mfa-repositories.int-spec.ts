// The TOTP-enrolment and recovery-code suites on PostgreSQL, where parallel calls run on separate
// connections at once: only conditional writes and a locked replace keep a code to one use there.
import { dataSourceOptionsFromUrl, TypeormRecoveryCodeRepository, TypeormTotpEnrollmentRepository } from '@stepgate/auth/typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { recoveryCodeRepositoryContract, totpEnrollmentRepositoryContract } from '@stepgate/auth/testing';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://stepgate:stepgate@127.0.0.1:5432/stepgate_test';
const MIGRATION = 'CreateMfaTables1732500000000';

let dataSource: DataSource;

// Fails, never skips, without a server: a suite that silently skips proves nothing in CI.
beforeAll(async () => {
  const options = dataSourceOptionsFromUrl(url);
  if (options.type !== 'postgres') throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
  const admin = new DataSource({ ...options, migrationsRun: false });
  try {
    await admin.initialize();
  } catch (error) {
    throw new Error(`PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//***@')} is not answering; start it with \`bash scripts/services.sh\``, {
      cause: error,
    });
  }
  // The MFA migration runs again on the tables the earlier ones left: the upgrade an existing
  // deployment goes through, and this migration's current text is what builds the tables tested.
  await admin.query('DROP TABLE IF EXISTS stepgate_totp_enrollments, stepgate_totp_pending_setups, stepgate_recovery_codes');
  const [{ migrations }] = await admin.query(`SELECT to_regclass('migrations') IS NOT NULL AS migrations`);
  if (migrations) await admin.query('DELETE FROM migrations WHERE name = $1', [MIGRATION]);
  await admin.destroy();
  // A connection for each of the 20 parallel calls a race test fires, so they really overlap.
  dataSource = await new DataSource({ ...options, poolSize: 21 }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('the MFA migration on PostgreSQL', () => {
  it('upgrades a database to exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    expect(await dataSource.query('SELECT name FROM migrations WHERE name = $1', [MIGRATION])).toEqual([{ name: MIGRATION }]);
  });
});

// Tests use fresh, tagged user ids, so the shared tables need no emptying between them.
const onPostgres =
  <R>(build: (dataSource: DataSource) => R) =>
  async () => ({ repository: build(dataSource), close: async () => {} });

totpEnrollmentRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormTotpEnrollmentRepository(source)));
recoveryCodeRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormRecoveryCodeRepository(source)));
