// Threat: a rule value the column cannot hold turning a list into a 500. PostgreSQL types each
// parameter from its column: 1.5 or 3e9 against an int4, or 'ABC' against a uuid, is an error there,
// not a mismatch. The filter answers what the in-memory check answers (no row) instead.
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestPostgres } from '../e2e/support/services';
import { filterError, fillKindTable, idsInBoth, KindSchema, OWNER } from '../support/authorization-column-kinds';

describe('whereAuthorized and the column it compares, on PostgreSQL', () => {
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    dataSource = await openTestPostgres([KindSchema]);
    await fillKindTable(dataSource);
  });
  afterAll(async () => {
    await dataSource?.query('DROP TABLE IF EXISTS abac_column_kinds');
    await dataSource?.destroy();
  });
  const database = () => {
    if (!dataSource) throw new Error('The test database opens in beforeAll');
    return dataSource;
  };

  it('answers, rather than fails, for integers an int4 cannot hold', async () => {
    expect(await idsInBoth(database(), { rank: 1.5 })).toEqual([]);
    expect(await idsInBoth(database(), { rank: { $in: [3e9, 1] } })).toEqual([1]);
    expect(await idsInBoth(database(), { rank: { $gt: 1.5 } })).toEqual([2, 4]);
    expect(await idsInBoth(database(), { rank: { $lt: 3e9 } })).toEqual([1, 2, 4]);
    expect(await idsInBoth(database(), { rank: { $gte: 3e9 } })).toEqual([]);
  });

  it('answers, rather than fails, for a string that is no uuid', async () => {
    expect(await idsInBoth(database(), { owner: "ABC' OR 1=1 --" })).toEqual([]);
    expect(await idsInBoth(database(), { owner: OWNER.toUpperCase() })).toEqual([]);
    expect(await idsInBoth(database(), { owner: { $nin: ['not-a-uuid', OWNER] } })).toEqual([2, 4]);
    expect(await idsInBoth(database(), { owner: OWNER })).toEqual([1, 3]);
  });

  it('answers, rather than fails, for a value with NUL, which PostgreSQL cannot take as text', async () => {
    expect(await idsInBoth(database(), { label: 'research\u0000' })).toEqual([]);
    // Like an attribute left undefined, it voids the whole granting rule: access only narrows.
    expect(await idsInBoth(database(), { $or: [{ label: { $in: ['sales', 'x\u0000'] } }, { label: 'it' }] })).toEqual([]);
    expect(await idsInBoth(database(), { label: 'research' })).toEqual([1, 3]);
  });

  it('refuses a value of another type than its column', () => {
    expect(String(filterError(database(), { rank: '1' }))).toMatch(/with the string "1"/);
    expect(String(filterError(database(), { big: 1 }))).toMatch(/a bigint column/);
  });
});
