// Threat: a rule CASL would accept but a database would read differently, or could not express. A
// `$regex` or `$where` runs only in memory, `$elemMatch` and `$size` ask about arrays a column does
// not hold, a Date compares one way in JavaScript and another in SQL, a field named
// `__proto__` or `constructor` finds Object's members, and "manage" is CASL's every-action wildcard.
// Each is refused with AuthorizationRuleError, at start-up where the probe identity reaches it.
import { describe, expect, it } from 'vitest';
import type { AuthorizationRule, ResourcePolicy } from '../../domain/authorization/authorization-rule';
import type { Identity } from '../../domain/identity';
import { CaslAuthorizationPolicy } from './casl-authorization-policy';
import { AuthorizationRuleError } from './rule-conditions';
import { filterConditionOf } from './ucast-to-filter';

const ann: Identity = { userId: 'ann', username: 'ann', groups: ['auditor'], attributes: { department: 'research' } };

const boot = (policy: Partial<ResourcePolicy>) => () =>
  new CaslAuthorizationPolicy({ resources: { document: { actions: ['read', 'delete'], rules: () => [], ...policy } as ResourcePolicy } });
const withConditions = (conditions: unknown) => boot({ rules: () => [{ action: 'read', conditions } as AuthorizationRule] });

describe('operators both stores cannot evaluate alike', () => {
  it.each<[string, unknown]>([
    ['$regex', { title: { $regex: '^secret' } }],
    ['$options', { title: { $options: 'i' } }],
    ['$where', { $where: () => true }],
    ['$elemMatch', { tags: { $elemMatch: { $eq: 'x' } } }],
    ['$size', { tags: { $size: 2 } }],
    ['$all', { tags: { $all: ['x'] } }],
    ['$mod', { level: { $mod: [2, 0] } }],
    ['$nor', { $nor: [{ owner_id: 'ann' }] }],
    ['a top-level $not', { $not: { owner_id: 'ann' } }],
    ['an unknown operator', { level: { $between: [1, 2] } }],
    ['a nested object instead of a dotted field', { project: { department: 'research' } }],
  ])('%s is refused', (_, conditions) => {
    expect(withConditions(conditions)).toThrow(AuthorizationRuleError);
  });

  it('names the resource type and the operator', () => {
    expect(withConditions({ title: { $regex: 'x' } })).toThrow('Authorization rule for "document": $regex on "title" is not supported');
  });
});

describe('values that compare differently in JavaScript and in SQL', () => {
  it.each<[string, unknown]>([
    ['a Date', { created_at: new Date(0) }],
    ['a Date bound', { created_at: { $gt: new Date(0) } }],
    ['Infinity', { level: { $lt: Number.POSITIVE_INFINITY } }],
    ['a string bound', { level: { $gte: '5' } }],
    ['an object', { owner: Object.assign(Object.create(null), { id: 'ann' }) }],
    ['a class instance', { owner: new URL('https://example.com') }],
    ['a regular expression', { title: /secret/ }],
    ['a list without $in', { department: ['research', 'sales'] }],
    ['a bigint', { level: 1n }],
    ['a function', { owner_id: () => 'ann' }],
    ['a symbol', { owner_id: Symbol('ann') }],
    ['an object inside $in', { department: { $in: [{ name: 'research' }] } }],
    ['$in with no list', { department: { $in: 'research' } }],
    ['$exists with no boolean', { department: { $exists: 'yes' } }],
    ['$not with no operators', { department: { $not: 'research' } }],
    ['an empty operator object', { department: {} }],
    ['empty conditions', {}],
    ['an empty $or', { $or: [] }],
    ['conditions that are not an object', 'owner_id = ann'],
  ])('%s is refused', (_, conditions) => {
    expect(withConditions(conditions)).toThrow(AuthorizationRuleError);
  });
});

describe('field names', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'project.__proto__', 'constructor.name', 'project..department', '', 'owner id', 'department; DROP TABLE documents', '1st'])(
    '"%s" is refused',
    (field) => {
      expect(withConditions({ [field]: 'x' })).toThrow(AuthorizationRuleError);
    },
  );

  it('letters, digits and underscores, dotted for a relation, are accepted', () => {
    expect(withConditions({ owner_id: 'ann', 'project.department_2': 'research', _private: true })).not.toThrow();
  });
});

describe('the rule itself', () => {
  it('"manage" is refused: it is CASL’s wildcard for every action', () => {
    expect(boot({ actions: ['read', 'manage'] })).toThrow(/"manage" is CASL's every-action wildcard/);
  });

  it('an action the resource does not declare is refused', () => {
    expect(boot({ rules: () => [{ action: ['read', 'publish'] }] })).toThrow('the action "publish" is not in its declared actions (read, delete)');
  });

  it.each<[string, unknown]>([
    ['an empty action', { action: '' }],
    ['an empty list of actions', { action: [] }],
    ['a subject of its own', { action: 'read', subject: 'invoice' }],
    ['field-level rules', { action: 'read', fields: ['title'] }],
    ['a rule that is not an object', 'read'],
  ])('%s is refused', (_, rule) => {
    expect(boot({ rules: () => [rule as AuthorizationRule] })).toThrow(AuthorizationRuleError);
  });

  it.each<[string, Partial<ResourcePolicy>]>([
    ['no actions', { actions: [] }],
    ['a read action it does not list', { actions: ['delete'] }],
    ['a custom read action it does not list', { readAction: 'view' }],
    ['rules that are not a function', { rules: [] as never }],
  ])('a resource with %s is refused', (_, policy) => {
    expect(boot(policy)).toThrow(AuthorizationRuleError);
  });
});

describe('the start-up probe', () => {
  it('fails a bad rule in the constructor, not at the first request', () => {
    let calls = 0;
    const rules = (identity: Identity): AuthorizationRule[] => {
      calls++;
      return [{ action: 'read', conditions: { owner_id: identity.userId } }, { action: 'read', conditions: { title: { $regex: 'draft' } } as never }];
    };
    expect(boot({ rules })).toThrow(AuthorizationRuleError);
    expect(calls).toBe(1);
  });

  it('a rule bad only for some identities is refused when built for them, never read loosely', () => {
    const policy = boot({ rules: (identity) => (identity.groups.includes('auditor') ? [{ action: 'read', conditions: { level: { $gt: new Date() as never } } }] : []) })();
    expect(() => policy.can(ann, 'read', 'document', { level: 1 })).toThrow(AuthorizationRuleError);
    expect(() => policy.filterFor(ann, 'read', 'document')).toThrow(AuthorizationRuleError);
  });

  it('passes a well-formed rule set', () => {
    const policy = boot({ rules: (identity) => [{ action: ['read', 'delete'], conditions: { owner_id: identity.userId } }] })();
    expect(policy.can(ann, 'delete', 'document', { owner_id: 'ann' })).toBe(true);
  });
});

describe('the filter compiler', () => {
  it('throws on an operator it cannot express rather than dropping it', () => {
    expect(() => filterConditionOf({ operator: 'regex', field: 'title', value: /x/ } as never)).toThrow('cannot express the "regex" operator');
  });
});
