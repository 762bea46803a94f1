// Rows and rules for the column-kind checks of `whereAuthorized`, shared by the SQLite spec and the
// PostgreSQL integration suite: each filter is run in SQL and compared with the in-memory check.
import { DataSource, EntitySchema } from 'typeorm';
import { expect } from 'vitest';
import { CaslAuthorizationPolicy, mapFilterFields, type RuleConditions } from '@stepgate/auth';
import { whereAuthorized } from '@stepgate/auth/typeorm';

export interface KindRow { id: number; owner: string; rank: number | null; big: string | null; label: string }

export const KindSchema = new EntitySchema<KindRow>({
  name: 'AbacColumnKind',
  tableName: 'abac_column_kinds',
  columns: {
    id: { type: 'integer', primary: true },
    owner: { type: 'uuid' },
    rank: { type: 'integer', nullable: true },
    big: { type: 'bigint', nullable: true },
    label: { type: 'varchar' },
  },
});

export const OWNER = '5f0c3a52-8d1e-4c8b-9a53-2f8b7c1d0e41';
export const ROWS: KindRow[] = [
  { id: 1, owner: OWNER, rank: 1, big: '1', label: 'research' },
  { id: 2, owner: '0b7e6a3c-3c1f-4f0e-8a0b-6e2d9f5c4a17', rank: 2, big: '2', label: 'sales' },
  { id: 3, owner: OWNER, rank: null, big: null, label: 'research' },
  { id: 4, owner: '0b7e6a3c-3c1f-4f0e-8a0b-6e2d9f5c4a17', rank: 2147483647, big: '3', label: 'it' },
];
const MAPPING = { owner: 'row.owner', rank: 'row.rank', big: 'row.big', label: 'row.label' };
const IDENTITY = Object.freeze({ userId: 'u', username: 'u', groups: Object.freeze([]) as readonly string[] });

export async function fillKindTable(dataSource: DataSource): Promise<void> {
  await dataSource.synchronize();
  await dataSource.getRepository(KindSchema).clear();
  await dataSource.getRepository(KindSchema).insert(ROWS);
}

function policyFor(conditions: RuleConditions) {
  return new CaslAuthorizationPolicy({ resources: { row: { actions: ['read'], rules: () => [{ action: 'read', conditions }] } } });
}

/** The ids the SQL filter returns for `conditions`, after checking they are the ones `can` allows. */
export async function idsInBoth(dataSource: DataSource, conditions: RuleConditions): Promise<number[]> {
  const policy = policyFor(conditions);
  const filter = mapFilterFields(policy.filterFor(IDENTITY, 'read', 'row'), MAPPING);
  const rows = await whereAuthorized(dataSource.getRepository(KindSchema).createQueryBuilder('row'), filter).orderBy('row.id').getMany();
  const loaded = await dataSource.getRepository(KindSchema).find({ order: { id: 'ASC' } });
  const allowed = loaded.filter((row) => policy.can(IDENTITY, 'read', 'row', row)).map((row) => row.id);
  expect(rows.map((row) => row.id)).toEqual(allowed);
  return allowed;
}

/** The error the filter raises for `conditions`, before any SQL is sent. */
export function filterError(dataSource: DataSource, conditions: RuleConditions): unknown {
  const filter = mapFilterFields(policyFor(conditions).filterFor(IDENTITY, 'read', 'row'), MAPPING);
  try {
    whereAuthorized(dataSource.getRepository(KindSchema).createQueryBuilder('row'), filter);
  } catch (error) {
    return error;
  }
  return undefined;
}
