// Threat: a list and a detail check that disagree because SQL converts what the in-memory check
// compares strictly. A rule comparing an integer column with the string '1' matches rows in SQL
// that `can` refuses; a bigint column is loaded as a string, so `can` never matches it at all.
// Such rules are refused; a value the column cannot hold (1.5 in an integer column) matches nothing
// in both, and bounds are rounded the way integers compare.
import { DataSource, EntitySchema } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whereAuthorized } from './authorization-where';
import { filterError, fillKindTable, idsInBoth, KindSchema, OWNER } from '../../../../../test/support/authorization-column-kinds';

describe('whereAuthorized and the column it compares, on SQLite', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [KindSchema] }).initialize();
    await fillKindTable(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('refuses a value of another type than its column, which SQL would convert', () => {
    expect(String(filterError(dataSource, { rank: '1' }))).toMatch(/compares "row.rank", a integer column, with the string "1"/);
    expect(String(filterError(dataSource, { rank: { $in: [1, '2'] } }))).toMatch(/with the string "2"/);
    expect(String(filterError(dataSource, { owner: 5 }))).toMatch(/give it a string/);
  });

  it('refuses a column whose loaded values are not what SQL compares (bigint loads as a string)', () => {
    expect(String(filterError(dataSource, { big: 1 }))).toMatch(/a bigint column/);
  });

  it('agrees with the in-memory check on integers the column cannot hold and on fractional bounds', async () => {
    expect(await idsInBoth(dataSource, { rank: 1.5 })).toEqual([]);
    expect(await idsInBoth(dataSource, { rank: { $ne: 1.5 } })).toEqual([1, 2, 3, 4]);
    expect(await idsInBoth(dataSource, { rank: { $in: [1.5, 2] } })).toEqual([2]);
    expect(await idsInBoth(dataSource, { rank: { $lt: 1.5 } })).toEqual([1]);
    expect(await idsInBoth(dataSource, { rank: { $gte: 1.5 } })).toEqual([2, 4]);
    expect(await idsInBoth(dataSource, { rank: { $gt: 2.5, $lte: 2147483647.5 } })).toEqual([4]);
    expect(await idsInBoth(dataSource, { owner: OWNER })).toEqual([1, 3]);
  });
});

// Threat: a column that compares differently from the in-memory check. A NOCASE (case-insensitive)
// column lets 'Research' through for the department 'research'; a to-many join compares each joined
// row on its own, while the loaded resource holds them as a list that no comparison matches.
describe('whereAuthorized and columns that compare otherwise, on SQLite', () => {
  const Note = new EntitySchema<{ id: number; dept: string; tags?: unknown[] }>({
    name: 'AbacCollatedNote',
    tableName: 'abac_collated_notes',
    columns: { id: { type: 'integer', primary: true }, dept: { type: 'varchar', collation: 'NOCASE' } },
    relations: { tags: { type: 'one-to-many', target: 'AbacNoteTag', inverseSide: 'note' } },
  });
  const Tag = new EntitySchema<{ id: number; label: string; note?: unknown }>({
    name: 'AbacNoteTag',
    tableName: 'abac_note_tags',
    columns: { id: { type: 'integer', primary: true }, label: { type: 'varchar' } },
    relations: { note: { type: 'many-to-one', target: 'AbacCollatedNote', joinColumn: { name: 'note_id' } } },
  });
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Note, Tag], synchronize: true }).initialize();
  });
  afterAll(() => dataSource.destroy());

  it('refuses a column with a collation that is not byte by byte', () => {
    const query = dataSource.getRepository(Note).createQueryBuilder('note');
    expect(() => whereAuthorized(query, { condition: { op: 'eq', field: 'note.dept', value: 'research' } })).toThrow(/collation NOCASE/);
  });

  it('refuses a column of a to-many join', () => {
    const query = dataSource.getRepository(Note).createQueryBuilder('note').leftJoin('note.tags', 'tag');
    expect(() => whereAuthorized(query, { condition: { op: 'eq', field: 'tag.label', value: 'public' } })).toThrow(/to-many join/);
  });
});
