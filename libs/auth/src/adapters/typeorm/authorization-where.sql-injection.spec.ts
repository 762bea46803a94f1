// Threat: SQL injection through the values a filter carries. An identity attribute (a department
// set in the directory), a user id, or a document title a user typed reaches the WHERE; spliced into
// the SQL text, `' OR 1=1 --` would list every document. Every value is a bound parameter: the
// rows returned are exactly those whose field equals the value byte for byte, the SQL text never
// holds it, and the tables are still there afterwards.
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS_TABLE, DocumentSchema, documentsQuery, EQUIVALENCE_MAPPING, type EquivalenceDocument, openSqliteEquivalence } from '../../../../../test/support/authorization-equivalence';
import { mapFilterFields } from '../../domain/authorization/filter-condition';
import type { Identity } from '../../domain/identity';
import { CaslAuthorizationPolicy } from '../casl/casl-authorization-policy';
import { whereAuthorized } from './authorization-where';

const PAYLOADS = [
  "' OR 1=1 --",
  "research' OR '1'='1",
  'x"); DROP TABLE abac_equivalence_documents; --',
  "'; DELETE FROM abac_equivalence_documents; SELECT '",
  "\\' OR 1=1 /*",
  '% OR _',
  ':abac1_0',
  ':...abac1_0',
  '$1 OR TRUE',
  '? OR 1=1',
  "部門' OR 'x'='x",
  '‘ OR 1=1 —',
  'research\n) OR (1=1',
  `${"' OR 1=1 -- ".repeat(8000)}end`,
];

// Same department (an attribute), or the owner; nothing else.
const policy = new CaslAuthorizationPolicy({
  resources: {
    document: {
      actions: ['read'],
      rules: (identity) => [
        { action: 'read', conditions: { owner_id: identity.userId } },
        { action: 'read', conditions: { department: { $in: [identity.attributes?.department ?? null, 'never-a-department'] } } },
      ],
    },
  },
});

const row = (id: number, changes: Partial<EquivalenceDocument>): EquivalenceDocument => ({ id, title: 'Minutes', owner_id: 'bo', department: 'sales', level: 1, published: true, project: null, ...changes });

describe('values an attacker may choose, on SQLite', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;
  beforeAll(async () => {
    dataSource = await openSqliteEquivalence();
    runner = dataSource.createQueryRunner();
    const rows = PAYLOADS.flatMap((payload, index) => [
      row(index * 10 + 1, { department: payload, title: payload }),
      // A near miss: the payload with its quote doubled, as a hand-escaping compiler would store it.
      row(index * 10 + 2, { department: payload.replaceAll("'", "''"), title: payload }),
      row(index * 10 + 3, { owner_id: payload, title: payload }),
    ]);
    await runner.manager.insert(DocumentSchema, [...rows, row(1000, { department: 'research' }), row(1001, { department: null })]);
  });
  afterAll(async () => {
    await runner.release();
    await dataSource.destroy();
  });

  const visibleTo = (identity: Identity, query = documentsQuery(runner)) => {
    const filter = mapFilterFields(policy.filterFor(identity, 'read', 'document'), EQUIVALENCE_MAPPING);
    return whereAuthorized(query, filter);
  };

  it.each(PAYLOADS.map((payload, index) => [payload.length > 60 ? `${payload.slice(0, 40)}… (${payload.length} chars)` : payload, payload, index] as const))(
    'a department or user id of %j lists only the rows equal to it',
    async (_, payload, index) => {
      const identity: Identity = { userId: payload, username: 'mallory', groups: [], attributes: { department: payload } };
      const query = visibleTo(identity);
      const [sql] = query.getQueryAndParameters();
      for (const text of [query.getQuery(), sql]) {
        expect(text).not.toContain(payload);
        expect(text).not.toMatch(/DROP|DELETE|1=1/);
      }
      const expected = payload.includes("'") ? [index * 10 + 1, index * 10 + 3] : [index * 10 + 1, index * 10 + 2, index * 10 + 3];
      expect((await query.getMany()).map((document) => document.id)).toEqual(expected);
      expect(policy.can(identity, 'read', 'document', row(0, { department: payload }))).toBe(true);
    },
  );

  it('a title searched by the caller, beside the filter, is bound as well and cannot widen it', async () => {
    const identity: Identity = { userId: 'nobody', username: 'mallory', groups: [], attributes: { department: 'research' } };
    for (const payload of PAYLOADS) {
      const search = documentsQuery(runner).where('document.title = :title', { title: payload }).orWhere('document.owner_id = :title');
      expect(await search.clone().getCount()).toBeGreaterThan(0);
      expect(await visibleTo(identity, search).getMany()).toEqual([]);
    }
    const [minutes] = await visibleTo(identity, documentsQuery(runner).where('document.title = :title', { title: 'Minutes' })).getMany();
    expect(minutes.id).toBe(1000);
  });

  it('leaves every table and row in place', async () => {
    expect(await runner.query(`SELECT COUNT(*) AS count FROM ${DOCUMENTS_TABLE}`)).toEqual([{ count: PAYLOADS.length * 3 + 2 }]);
  });
});
