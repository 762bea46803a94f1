import { refreshTokenRepositoryContract, sessionRepositoryContract, userAccountRepositoryContract } from '@stepgate/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl, TypeormRefreshTokenRepository, TypeormSessionRepository, TypeormUserAccountRepository } from '@stepgate/auth/typeorm';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://stepgate:stepgate@127.0.0.1:5432/stepgate_test';
const TABLES = ['stepgate_refresh_tokens', 'stepgate_sessions', 'stepgate_users'];
// Dropped with the others so the migrations can build them again; their own suites run elsewhere.
const MFA_TABLES = ['stepgate_totp_enrollments', 'stepgate_totp_pending_setups', 'stepgate_recovery_codes'];

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
  // From scratch, so the migrations (not an earlier run's leftovers) build the schema under test.
  await admin.query(`DROP TABLE IF EXISTS ${[...TABLES, ...MFA_TABLES, 'migrations'].join(', ')} CASCADE`);
  await admin.destroy();
  // Enough connections for the ten rotations the race test fires at once to really overlap.
  dataSource = await new DataSource({ ...options, poolSize: 12 }).initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('Stepgate migrations on PostgreSQL', () => {
  it('create exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    expect(await dataSource.showMigrations()).toBe(false);
  });
});

// Tests use unique ids; emptying the tables as well keeps list totals small and readable.
function onPostgres<R>(build: (dataSource: DataSource) => R) {
  return async () => {
    await dataSource.query(`DELETE FROM ${TABLES[0]}; DELETE FROM ${TABLES[1]}; DELETE FROM ${TABLES[2]}`);
    return { repository: build(dataSource), close: async () => {} };
  };
}

userAccountRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormUserAccountRepository(source)));
sessionRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormSessionRepository(source)));
refreshTokenRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormRefreshTokenRepository(source)));
