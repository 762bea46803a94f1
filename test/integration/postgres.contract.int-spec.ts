import { refreshTokenRepositoryContract, sessionRepositoryContract, userAccountRepositoryContract } from '@stepgate/auth/testing';
import { describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { TypeormRefreshTokenRepository, TypeormSessionRepository, TypeormUserAccountRepository } from '@stepgate/auth/typeorm';
import { pendingSchemaChanges, useTestPostgres } from '../support/postgres-test-database';

const TABLES = ['stepgate_refresh_tokens', 'stepgate_sessions', 'stepgate_users'];
// Dropped with the others so the migrations can build them again; their own suites run elsewhere.
const MFA_TABLES = ['stepgate_totp_enrollments', 'stepgate_totp_pending_setups', 'stepgate_recovery_codes'];

// From scratch, so the migrations (not an earlier run's leftovers) build the schema under test.
const reset = (admin: DataSource) => admin.query(`DROP TABLE IF EXISTS ${[...TABLES, ...MFA_TABLES, 'migrations'].join(', ')} CASCADE`);
// Enough connections for the ten rotations the race test fires at once to really overlap.
const dataSource = useTestPostgres(reset, 12);

describe('Stepgate migrations on PostgreSQL', () => {
  it('create exactly the schema the entities describe', async () => {
    expect(await pendingSchemaChanges(dataSource())).toEqual([]);
    expect(await dataSource().showMigrations()).toBe(false);
  });
});

// Tests use unique ids; emptying the tables as well keeps list totals small and readable.
function onPostgres<R>(build: (dataSource: DataSource) => R) {
  return async () => {
    await dataSource().query(`DELETE FROM ${TABLES[0]}; DELETE FROM ${TABLES[1]}; DELETE FROM ${TABLES[2]}`);
    return { repository: build(dataSource()), close: async () => {} };
  };
}

userAccountRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormUserAccountRepository(source)));
sessionRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormSessionRepository(source)));
refreshTokenRepositoryContract('typeorm on postgres', onPostgres((source) => new TypeormRefreshTokenRepository(source)));
