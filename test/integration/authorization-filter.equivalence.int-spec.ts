// Threat: a list that disagrees with the detail check built from the same rules, on the database a
// deployment runs. PostgreSQL types its parameters, orders and compares text, and reads NULL in
// its own way; the filter must still return exactly the rows `can` allows. Random rules,
// identities and rows, as on SQLite (libs/auth/src/adapters/typeorm/authorization-where.equivalence.spec.ts).
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openTestPostgres, TEST_DATABASE_URL } from '../e2e/support/services';
import {
  assertFilterMatchesCheck,
  createEquivalenceTables,
  DocumentSchema,
  dropEquivalenceTables,
  expectFilterMatchesCheck,
  ProjectSchema,
  REGRESSIONS,
} from '../support/authorization-equivalence';

describe('the SQL filter and the in-memory check on PostgreSQL', () => {
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    if (!TEST_DATABASE_URL.startsWith('postgres')) throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
    dataSource = await openTestPostgres([ProjectSchema, DocumentSchema]);
    await createEquivalenceTables(dataSource);
  });
  afterAll(async () => {
    if (!dataSource) return;
    await dropEquivalenceTables(dataSource);
    await dataSource.destroy();
  });
  const database = () => {
    if (!dataSource) throw new Error('The test database opens in beforeAll');
    return dataSource;
  };

  it('return the same rows for random rules, identities and rows', async () => {
    await assertFilterMatchesCheck(database(), 150);
  }, 120_000);

  it.each(Object.entries(REGRESSIONS))('agree where they once did not: %s', async (_, scenario) => {
    await expectFilterMatchesCheck(database(), scenario);
  });
});
