// Threat: a missing value read one way in memory and another in SQL. CASL's stock matcher follows
// MongoDB: `{ a: null }` matches an absent field, `$exists` asks whether the key is there, and
// JavaScript's `null < 5` is true. A database reads NULL differently, so a row checked alone and the
// same row in a filtered list would disagree. The policy's matcher reads a missing value (null,
// undefined, a relation a join did not find) as SQL does: it equals only null, is in no list, is
// neither smaller nor greater than anything, and `$ne` / `$nin` hold for it.
import { describe, expect, it } from 'vitest';
import type { RuleConditions } from '../../domain/authorization/authorization-rule';
import type { Identity } from '../../domain/identity';
import { CaslAuthorizationPolicy } from './casl-authorization-policy';
import { valueAt } from './sql-semantics';

const ann: Identity = { userId: 'ann', username: 'ann', groups: [] };
const MISSING = [{ department: null }, { department: undefined }, {}] as const;

/** Whether one rule granting `read` under `conditions` lets each row through. */
const matches = (conditions: RuleConditions, rows: readonly object[]) => {
  const policy = new CaslAuthorizationPolicy({ resources: { document: { actions: ['read'], rules: () => [{ action: 'read', conditions }] } } });
  return rows.map((row) => policy.can(ann, 'read', 'document', row));
};

describe('a missing value, read as SQL reads NULL', () => {
  it('equals null and nothing else', () => {
    expect(matches({ department: null }, [...MISSING, { department: '' }, { department: 'research' }, { department: 0 }, { department: false }])).toEqual([true, true, true, false, false, false, false]);
    expect(matches({ department: { $eq: null } }, MISSING)).toEqual([true, true, true]);
    expect(matches({ department: 'research' }, MISSING)).toEqual([false, false, false]);
  });

  it('is unequal to every value, and not unequal to null', () => {
    expect(matches({ department: { $ne: 'research' } }, [...MISSING, { department: 'sales' }, { department: 'research' }])).toEqual([true, true, true, true, false]);
    expect(matches({ department: { $ne: null } }, [...MISSING, { department: '' }])).toEqual([false, false, false, true]);
  });

  it('is in no list unless the list holds null', () => {
    expect(matches({ department: { $in: ['research', 'sales'] } }, [...MISSING, { department: 'sales' }])).toEqual([false, false, false, true]);
    expect(matches({ department: { $in: ['research', null] } }, [...MISSING, { department: 'research' }, { department: 'sales' }])).toEqual([true, true, true, true, false]);
    expect(matches({ department: { $in: [] } }, [...MISSING, { department: 'research' }])).toEqual([false, false, false, false]);
  });

  it('is outside every list that does not hold null', () => {
    expect(matches({ department: { $nin: ['research'] } }, [...MISSING, { department: 'research' }, { department: 'sales' }])).toEqual([true, true, true, false, true]);
    expect(matches({ department: { $nin: ['research', null] } }, [...MISSING, { department: 'sales' }])).toEqual([false, false, false, true]);
    expect(matches({ department: { $nin: [] } }, [...MISSING, { department: 'sales' }])).toEqual([true, true, true, true]);
  });

  it('is neither smaller nor greater than anything; ordering reads numbers only', () => {
    const rows = [{ level: null }, {}, { level: '1' }, { level: true }, { level: 1 }, { level: 3 }];
    expect(matches({ level: { $lt: 2 } }, rows)).toEqual([false, false, false, false, true, false]);
    expect(matches({ level: { $lte: 3 } }, rows)).toEqual([false, false, false, false, true, true]);
    expect(matches({ level: { $gt: 0 } }, rows)).toEqual([false, false, false, false, true, true]);
    expect(matches({ level: { $gte: 3 } }, rows)).toEqual([false, false, false, false, false, true]);
  });

  it('does not exist, whether the key is absent or holds null', () => {
    const rows = [...MISSING, { department: '' }, { department: 'research' }];
    expect(matches({ department: { $exists: true } }, rows)).toEqual([false, false, false, true, true]);
    expect(matches({ department: { $exists: false } }, rows)).toEqual([true, true, true, false, false]);
  });

  it('is what a relation the join did not find holds in each of its fields', () => {
    const rows = [{ project: null }, {}, { project: { department: null } }, { project: { department: 'research' } }];
    expect(matches({ 'project.department': null }, rows)).toEqual([true, true, true, false]);
    expect(matches({ 'project.department': { $ne: 'research' } }, rows)).toEqual([true, true, true, false]);
    expect(matches({ 'project.department': { $exists: true } }, rows)).toEqual([false, false, false, true]);
  });

  it('under $not, flips to exactly the rows the inner condition refused', () => {
    const rows = [...MISSING, { department: 'research' }, { department: 'sales' }];
    expect(matches({ department: { $not: { $eq: 'research' } } }, rows)).toEqual([true, true, true, false, true]);
    expect(matches({ department: { $not: { $in: ['research', null] } } }, rows)).toEqual([false, false, false, false, true]);
  });
});

describe('values compared strictly, as a typed column holds them', () => {
  it('the number 1 is not "1", and true is not 1', () => {
    expect(matches({ level: 1 }, [{ level: 1 }, { level: '1' }, { level: true }])).toEqual([true, false, false]);
    expect(matches({ published: true }, [{ published: true }, { published: 1 }, { published: 'true' }])).toEqual([true, false, false]);
  });

  it('an object or a list in the resource is no value', () => {
    expect(matches({ department: { $exists: true } }, [{ department: { name: 'research' } }, { department: ['research'] }, { department: new Date() }])).toEqual([false, false, false]);
    expect(valueAt({ tags: ['research'] }, 'tags')).toBeUndefined();
    expect(valueAt({ project: { owner: { id: 'ann' } } }, 'project.owner.id')).toBe('ann');
    expect(valueAt({ project: 'research' }, 'project.department')).toBeUndefined();
  });
});
