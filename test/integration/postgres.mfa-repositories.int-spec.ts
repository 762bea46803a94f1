// The TOTP-enrolment and recovery-code suites on PostgreSQL, where parallel calls run on separate
// connections at once: only conditional writes and a locked replace keep a code to one use there.
import { TypeormRecoveryCodeRepository, TypeormTotpEnrollmentRepository } from '@stepgate/auth/typeorm';
import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { recoveryCodeRepositoryContract, totpEnrollmentRepositoryContract } from '@stepgate/auth/testing';
import { pendingSchemaChanges, useTestPostgres } from '../support/postgres-test-database';

const MIGRATION = 'CreateMfaTables1732500000000';

// The MFA migration runs again on the tables the earlier ones left: the upgrade an existing
// deployment goes through, and this migration's current text is what builds the tables tested.
async function reset(admin: DataSource): Promise<void> {
  await admin.query('DROP TABLE IF EXISTS stepgate_totp_enrollments, stepgate_totp_pending_setups, stepgate_recovery_codes');
  const [{ migrations }] = await admin.query(`SELECT to_regclass('migrations') IS NOT NULL AS migrations`);
  if (migrations) await admin.query('DELETE FROM migrations WHERE name = $1', [MIGRATION]);
}
// A connection for each of the 20 parallel calls a race test fires, so they really overlap.
const dataSource = useTestPostgres(reset, 21);

describe('the MFA migration on PostgreSQL', () => {
  it('upgrades a database to exactly the schema the entities describe', async () => {
    expect(await pendingSchemaChanges(dataSource())).toEqual([]);
    expect(await dataSource().query('SELECT name FROM migrations WHERE name = $1', [MIGRATION])).toEqual([{ name: MIGRATION }]);
  });
});

// Tests use fresh, tagged user ids, so the shared tables need no emptying between them.
const onPostgres =
  <R>(build: (dataSource: DataSource) => R) =>
  async () => ({ repository: build(dataSource()), close: async () => {} });

totpEnrollmentRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormTotpEnrollmentRepository(source)));
recoveryCodeRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormRecoveryCodeRepository(source)));
