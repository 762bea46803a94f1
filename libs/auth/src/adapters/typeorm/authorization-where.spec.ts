// Threat: a filter merged into the caller's query that no longer means what the rules say: widened
// by an OR the query already held, pointed at a column the mapping did not mean, silently missing a
// field the rules read, or clashing with a second filter's parameters. On SQLite, with a joined
// relation as a list endpoint has it.
import { DataSource, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openSqliteEquivalence,
  DocumentSchema,
  documentsQuery,
  EQUIVALENCE_MAPPING,
  type EquivalenceDocument,
  ProjectSchema,
} from '../../../../../test/support/authorization-equivalence';
import { type AuthorizationFilter, type FilterCondition, mapFilterFields, UnmappedFieldError } from '../../domain/authorization/filter-condition';
import { whereAuthorized } from './authorization-where';

const PROJECTS = [{ id: 'p1', department: 'research' }, { id: 'p2', department: null }];
const document = (id: number, changes: Partial<EquivalenceDocument>): EquivalenceDocument => ({
  id,
  title: `Document ${id}`,
  owner_id: 'bo',
  department: null,
  level: null,
  published: false,
  project: null,
  ...changes,
});
const DOCUMENTS = [
  document(1, { owner_id: 'ann', department: 'research', level: 1, published: true }),
  document(2, { department: 'research', level: 2, project: PROJECTS[0] }),
  document(3, { department: 'sales', level: 3, published: true, project: PROJECTS[1] }),
  document(4, { level: 4, project: PROJECTS[0] }),
  document(5, { owner_id: 'ann', department: 'sales' }),
];

const condition = (filter: FilterCondition): AuthorizationFilter => ({ condition: filter });
const mapped = (filter: FilterCondition) => mapFilterFields(condition(filter), EQUIVALENCE_MAPPING);
const idsOf = (rows: readonly EquivalenceDocument[]) => rows.map((row) => row.id);

describe('whereAuthorized on SQLite', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;
  beforeAll(async () => {
    dataSource = await openSqliteEquivalence();
    runner = dataSource.createQueryRunner();
    await runner.manager.insert(ProjectSchema, PROJECTS);
    await runner.manager.insert(DocumentSchema, DOCUMENTS.map((row) => ({ ...row, project: row.project && { id: row.project.id } })));
  });
  afterAll(async () => {
    await runner.release();
    await dataSource.destroy();
  });
  const listed = async (filter: AuthorizationFilter) => idsOf(await whereAuthorized(documentsQuery(runner), filter).getMany());

  it('grantedAll leaves the query as it was', async () => {
    const query = documentsQuery(runner);
    const before = query.getQuery();
    expect(whereAuthorized(query, { grantedAll: true }).getQuery()).toBe(before);
    expect(await listed({ grantedAll: true })).toEqual([1, 2, 3, 4, 5]);
  });

  it('deniedAll gives no rows and counts none', async () => {
    expect(await whereAuthorized(documentsQuery(runner), { deniedAll: true }).getManyAndCount()).toEqual([[], 0]);
  });

  it('a condition becomes a WHERE with bound values', async () => {
    const query = whereAuthorized(documentsQuery(runner), mapped({ op: 'or', conditions: [{ op: 'eq', field: 'owner_id', value: 'ann' }, { op: 'gte', field: 'level', value: 4 }] }));
    expect(idsOf(await query.getMany())).toEqual([1, 4, 5]);
    expect(query.getQuery()).toMatch(/"document"\."owner_id" = :abac\d+_0/);
    expect(Object.values(query.getParameters())).toEqual(expect.arrayContaining(['ann', 4]));
  });

  it('booleans and integers bind as the columns hold them', async () => {
    expect(await listed(mapped({ op: 'eq', field: 'published', value: true }))).toEqual([1, 3]);
    expect(await listed(mapped({ op: 'in', field: 'published', values: [false] }))).toEqual([2, 4, 5]);
    expect(await listed(mapped({ op: 'and', conditions: [{ op: 'gt', field: 'level', value: 1 }, { op: 'lt', field: 'level', value: 4 }] }))).toEqual([2, 3]);
  });

  it("the query's own OR is narrowed as a whole, not just its last branch", async () => {
    const own = documentsQuery(runner).where('document.published = :published', { published: true }).orWhere('document.level >= :high', { high: 4 });
    expect(idsOf(await whereAuthorized(own, mapped({ op: 'eq', field: 'owner_id', value: 'ann' })).getMany())).toEqual([1]);
    const denied = documentsQuery(runner).where('document.published = :published', { published: true }).orWhere('document.level >= :high', { high: 4 });
    expect(await whereAuthorized(denied, { deniedAll: true }).getCount()).toBe(0);
    const inOneString = documentsQuery(runner).where('document.published = :published OR document.level >= :high', { published: true, high: 4 });
    expect(idsOf(await whereAuthorized(inOneString, mapped({ op: 'eq', field: 'owner_id', value: 'bo' })).getMany())).toEqual([3, 4]);
  });

  it('reads a relation’s column through a join, a missing relation holding NULL', async () => {
    const byJoin = (filter: AuthorizationFilter) => whereAuthorized(runner.manager.createQueryBuilder(DocumentSchema, 'document').leftJoin('document.project', 'project').orderBy('document.id'), filter).getMany();
    expect(idsOf(await byJoin(mapped({ op: 'eq', field: 'project.department', value: 'research' })))).toEqual([2, 4]);
    expect(idsOf(await byJoin(mapped({ op: 'eq', field: 'project.department', value: null })))).toEqual([1, 3, 5]);
    expect(idsOf(await byJoin(mapped({ op: 'ne', field: 'project.department', value: 'research' })))).toEqual([1, 3, 5]);
  });

  it('maps a field to a relation property (its join column) or to a database column name', async () => {
    expect(await listed(mapFilterFields(condition({ op: 'eq', field: 'project_id', value: 'p1' }), { project_id: 'document.project' }))).toEqual([2, 4]);
    expect(await listed(mapFilterFields(condition({ op: 'exists', field: 'project_id', value: false }), { project_id: 'document.project_id' }))).toEqual([1, 5]);
    expect(await listed(mapFilterFields(condition({ op: 'eq', field: 'owner', value: 'ann' }), { owner: 'document.owner_id' }))).toEqual([1, 5]);
  });

  it('empty lists: $in of nothing matches nothing, $nin of nothing everything', async () => {
    expect(await listed(mapped({ op: 'in', field: 'department', values: [] }))).toEqual([]);
    expect(await listed(mapped({ op: 'nin', field: 'department', values: [] }))).toEqual([1, 2, 3, 4, 5]);
    expect(await listed(mapped({ op: 'in', field: 'department', values: [null] }))).toEqual([4]);
    expect(await listed(mapped({ op: 'nin', field: 'department', values: ['research', null] }))).toEqual([3, 5]);
    expect(await listed(condition({ op: 'and', conditions: [] }))).toEqual([1, 2, 3, 4, 5]);
    expect(await listed(condition({ op: 'or', conditions: [] }))).toEqual([]);
  });

  it('NOT of a comparison with NULL keeps the NULL rows, as the in-memory check does', async () => {
    expect(await listed(mapped({ op: 'not', condition: { op: 'eq', field: 'department', value: 'research' } }))).toEqual([3, 4, 5]);
    expect(await listed(mapped({ op: 'not', condition: { op: 'in', field: 'department', values: ['sales'] } }))).toEqual([1, 2, 4]);
    expect(await listed(mapped({ op: 'not', condition: { op: 'lt', field: 'level', value: 3 } }))).toEqual([3, 4, 5]);
  });

  it('two filters merged into one query keep their own parameters', async () => {
    const query = documentsQuery(runner);
    whereAuthorized(query, mapped({ op: 'in', field: 'owner_id', values: ['ann', 'bo'] }));
    whereAuthorized(query, mapped({ op: 'ne', field: 'owner_id', value: 'bo' }));
    whereAuthorized(query, mapped({ op: 'eq', field: 'department', value: 'sales' }));
    expect(idsOf(await query.getMany())).toEqual([5]);
    const names = Object.keys(query.getParameters());
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
  });

  it('pages and totals are counted in the query, after the filter', async () => {
    const page = (skip: number) => whereAuthorized(documentsQuery(runner), mapped({ op: 'exists', field: 'department', value: true })).skip(skip).take(2).getManyAndCount();
    const [first, total] = await page(0);
    expect([idsOf(first), total]).toEqual([[1, 2], 4]);
    const [second] = await page(2);
    expect(idsOf(second)).toEqual([3, 5]);
    expect(second[0].project).toEqual(PROJECTS[1]);
  });
});

describe('the field mapping', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ProjectSchema, DocumentSchema] }).initialize();
  });
  afterAll(() => dataSource.destroy());
  const query = () => dataSource.createQueryBuilder(DocumentSchema, 'document').leftJoin('document.project', 'project');
  const compile = (field: string) => () => whereAuthorized(query(), condition({ op: 'eq', field, value: 'x' }));

  it('refuses an alias the query does not select or join', () => {
    expect(compile('folder.department')).toThrow('names the alias "folder", which the query does not select or join');
  });

  it('refuses a property the alias does not have', () => {
    expect(compile('document.secret')).toThrow('"document.secret", which is not a column of the alias "document"');
    expect(compile('project.owner_id')).toThrow('not a column of the alias "project"');
  });

  it.each(['owner_id', 'document.owner_id = owner_id OR 1', '"document"."owner_id"', 'document.owner_id--', 'document.project.department', ' document.owner_id'])(
    'refuses "%s": only alias.property reaches the SQL',
    (field) => {
      expect(compile(field)).toThrow('map each rule field to "alias.property"');
    },
  );

  it('refuses a rule field it does not name, rather than dropping the condition', () => {
    const filter = condition({ op: 'and', conditions: [{ op: 'eq', field: 'owner_id', value: 'ann' }, { op: 'not', condition: { op: 'eq', field: 'status', value: 'archived' } }] });
    expect(() => mapFilterFields(filter, EQUIVALENCE_MAPPING)).toThrow(UnmappedFieldError);
    expect(() => mapFilterFields(filter, EQUIVALENCE_MAPPING)).toThrow('read the field "status"');
  });

  it('finds no mapping on Object’s prototype', () => {
    for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => mapFilterFields(condition({ op: 'eq', field, value: 'x' }), {})).toThrow(UnmappedFieldError);
    }
  });

  it('passes grantedAll and deniedAll through unmapped', () => {
    expect(mapFilterFields({ grantedAll: true }, {})).toEqual({ grantedAll: true });
    expect(mapFilterFields({ deniedAll: true }, {})).toEqual({ deniedAll: true });
  });
});
