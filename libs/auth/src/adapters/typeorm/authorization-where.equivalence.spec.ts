// Threat: a list that disagrees with the detail check built from the same rules. If the SQL filter
// lets through one row more than `can` does, a list leaks what its detail page refuses; one row
// fewer, and a user loses sight of what they may read. Random rules, identities and rows, on SQLite
// (test/integration/authorization-filter.equivalence.int-spec.ts runs the same on PostgreSQL).
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  assertFilterMatchesCheck,
  expectFilterMatchesCheck,
  openSqliteEquivalence,
  REGRESSIONS,
} from '../../../../../test/support/authorization-equivalence';

describe('the SQL filter and the in-memory check on SQLite', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openSqliteEquivalence();
  });
  afterAll(() => dataSource.destroy());

  it('return the same rows for random rules, identities and rows', async () => {
    await assertFilterMatchesCheck(dataSource, 150);
  });

  it.each(Object.entries(REGRESSIONS))('agree where they once did not: %s', async (_, scenario) => {
    await expectFilterMatchesCheck(dataSource, scenario);
  });
});
