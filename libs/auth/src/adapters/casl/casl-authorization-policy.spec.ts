// Threat: one rule set read three different ways. The check of one loaded resource, the filter of a
// list and the actions shown beside each item come from the same rules; if a rule shape (several
// actions, an inverted rule, CASL's later-rule-wins precedence, $and/$or/$not, a relation's field)
// means one thing to `can` and another to `filterFor`, a list shows what a detail page refuses.
import { describe, expect, it, vi } from 'vitest';
import type { AuthorizationRule } from '../../domain/authorization/authorization-rule';
import type { Identity } from '../../domain/identity';
import { CaslAuthorizationPolicy } from './casl-authorization-policy';

const ann: Identity = { userId: 'ann', username: 'ann', groups: ['staff'], attributes: { department: 'research' } };
const ACTIONS = ['read', 'update', 'delete'];

const policyOf = (rules: (identity: Identity) => AuthorizationRule[], actions = ACTIONS) =>
  new CaslAuthorizationPolicy({ resources: { document: { actions, rules } } });
const allowed = (policy: CaslAuthorizationPolicy, action: string, rows: object[]) => rows.map((row) => policy.can(ann, action, 'document', row));

const own = { owner_id: 'ann', department: 'sales', status: 'draft' };
const others = { owner_id: 'bo', department: 'sales', status: 'draft' };

describe('rule shapes', () => {
  it('a rule with one action grants that action and no other', () => {
    const policy = policyOf((identity) => [{ action: 'read', conditions: { owner_id: identity.userId } }]);
    expect(allowed(policy, 'read', [own, others])).toEqual([true, false]);
    expect(allowed(policy, 'update', [own, others])).toEqual([false, false]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'ann' } });
    expect(policy.filterFor(ann, 'update', 'document')).toEqual({ deniedAll: true });
  });

  it('a rule with several actions grants each of them', () => {
    const policy = policyOf((identity) => [{ action: ['read', 'delete'], conditions: { owner_id: identity.userId } }]);
    expect(ACTIONS.map((action) => policy.can(ann, action, 'document', own))).toEqual([true, false, true]);
    expect(policy.filterFor(ann, 'delete', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'ann' } });
  });

  it('an unconditional rule grants every resource of the type, and the filter says so', () => {
    const policy = policyOf(() => [{ action: 'read' }]);
    expect(allowed(policy, 'read', [own, others, {}])).toEqual([true, true, true]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ grantedAll: true });
  });

  it('with no rule for an action, nothing is allowed and the filter denies all', () => {
    const policy = policyOf(() => []);
    expect(allowed(policy, 'read', [own, {}])).toEqual([false, false]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ deniedAll: true });
  });

  it('an action no resource declares is refused, never granted by a wildcard', () => {
    const policy = policyOf(() => [{ action: 'read' }]);
    expect(policy.can(ann, 'publish', 'document', own)).toBe(false);
    expect(policy.can(ann, 'manage', 'document', own)).toBe(false);
    expect(policy.filterFor(ann, 'publish', 'document')).toEqual({ deniedAll: true });
  });

  it('a resource type without rules throws instead of answering', () => {
    const policy = policyOf(() => [{ action: 'read' }]);
    expect(() => policy.can(ann, 'read', 'invoice', own)).toThrow(/no authorization rules are declared for the resource type "invoice"/i);
    expect(() => policy.filterFor(ann, 'read', 'constructor')).toThrow(/"constructor"/);
    expect(policy.resourceTypes()).toEqual(['document']);
    expect(policy.actionsOf('document')).toEqual(ACTIONS);
  });

  it('fields of one condition hold together; separate rules hold apart', () => {
    const policy = policyOf((identity) => [
      { action: 'read', conditions: { owner_id: identity.userId, status: 'draft' } },
      { action: 'read', conditions: { department: identity.attributes?.department } },
    ]);
    expect(allowed(policy, 'read', [own, { ...own, status: 'final' }, { ...others, department: 'research' }])).toEqual([true, false, true]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({
      condition: {
        op: 'or',
        conditions: [
          { op: 'eq', field: 'department', value: 'research' },
          { op: 'and', conditions: [{ op: 'eq', field: 'owner_id', value: 'ann' }, { op: 'eq', field: 'status', value: 'draft' }] },
        ],
      },
    });
  });
});

describe('inverted rules and precedence: the later rule wins, as in CASL', () => {
  const archived = { owner_id: 'bo', status: 'archived' };

  it('a later inverted rule takes back part of an earlier grant', () => {
    const policy = policyOf(() => [{ action: 'read' }, { action: 'read', inverted: true, conditions: { status: 'archived' } }]);
    expect(allowed(policy, 'read', [others, archived])).toEqual([true, false]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ condition: { op: 'not', condition: { op: 'eq', field: 'status', value: 'archived' } } });
  });

  it('a later grant overrides an earlier inverted rule', () => {
    const policy = policyOf((identity) => [
      { action: 'read' },
      { action: 'read', inverted: true, conditions: { status: 'archived' } },
      { action: 'read', conditions: { owner_id: identity.userId } },
    ]);
    expect(allowed(policy, 'read', [{ ...archived, owner_id: 'ann' }, archived, others])).toEqual([true, false, true]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({
      condition: { op: 'or', conditions: [{ op: 'eq', field: 'owner_id', value: 'ann' }, { op: 'not', condition: { op: 'eq', field: 'status', value: 'archived' } }] },
    });
  });

  it('an earlier inverted rule is overridden by a later grant', () => {
    const policy = policyOf((identity) => [{ action: 'read', inverted: true, conditions: { status: 'archived' } }, { action: 'read', conditions: { owner_id: identity.userId } }]);
    expect(allowed(policy, 'read', [{ ...archived, owner_id: 'ann' }, archived])).toEqual([true, false]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'ann' } });
  });

  it('an unconditional inverted rule forbids everything granted before it, nothing granted after', () => {
    const before = policyOf((identity) => [{ action: 'read', conditions: { owner_id: identity.userId } }, { action: 'read', inverted: true }]);
    expect(allowed(before, 'read', [own, others])).toEqual([false, false]);
    expect(before.filterFor(ann, 'read', 'document')).toEqual({ deniedAll: true });
    const after = policyOf((identity) => [{ action: 'read', inverted: true }, { action: 'read', conditions: { owner_id: identity.userId } }]);
    expect(allowed(after, 'read', [own, others])).toEqual([true, false]);
    expect(after.filterFor(ann, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'ann' } });
  });

  it('an inverted rule forbids only its own actions', () => {
    const policy = policyOf(() => [{ action: ['read', 'delete'] }, { action: 'delete', inverted: true, conditions: { status: 'archived' }, reason: 'archives are kept' }]);
    expect(policy.permittedActions(ann, 'document', archived)).toEqual(['read']);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ grantedAll: true });
  });
});

describe('$and, $or and a field’s $not', () => {
  const policy = policyOf((identity) => [
    {
      action: 'read',
      conditions: { $or: [{ owner_id: identity.userId }, { $and: [{ department: identity.attributes?.department }, { status: { $not: { $in: ['archived', 'draft'] } } }] }] },
    },
  ]);

  it('combine as written', () => {
    const research = { owner_id: 'bo', department: 'research' };
    expect(allowed(policy, 'read', [own, { ...research, status: 'final' }, { ...research, status: 'draft' }, { ...research, status: null }, { ...others, status: 'final' }])).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({
      condition: {
        op: 'or',
        conditions: [
          { op: 'eq', field: 'owner_id', value: 'ann' },
          { op: 'and', conditions: [{ op: 'eq', field: 'department', value: 'research' }, { op: 'not', condition: { op: 'in', field: 'status', values: ['archived', 'draft'] } }] },
        ],
      },
    });
  });

  it('`$or` is an operator, not a field named $or', () => {
    const decoy = { $or: [{ owner_id: 'ann' }], owner_id: 'bo', department: 'sales' };
    expect(policy.can(ann, 'read', 'document', decoy)).toBe(false);
    const either = policyOf(() => [{ action: 'read', conditions: { $or: [{ owner_id: 'ann' }, { department: 'research' }] } }]);
    expect(allowed(either, 'read', [own, { owner_id: 'bo', department: 'research' }, decoy])).toEqual([true, true, false]);
  });

  it('a field’s $not of several operators negates them together', () => {
    const outside = policyOf(() => [{ action: 'read', conditions: { level: { $not: { $gte: 2, $lte: 4 } } } }]);
    expect([1, 2, 4, 5].map((level) => outside.can(ann, 'read', 'document', { level }))).toEqual([true, false, false, true]);
    expect(outside.filterFor(ann, 'read', 'document')).toEqual({
      condition: { op: 'not', condition: { op: 'and', conditions: [{ op: 'gte', field: 'level', value: 2 }, { op: 'lte', field: 'level', value: 4 }] } },
    });
  });
});

describe('a relation’s field, dotted', () => {
  const policy = policyOf((identity) => [{ action: 'read', conditions: { 'project.department': identity.attributes?.department } }]);

  it('reads the loaded relation, and a missing relation holds no value', () => {
    const rows = [{ project: { department: 'research' } }, { project: { department: 'sales' } }, { project: null }, {}, { 'project.department': 'research' }];
    expect(allowed(policy, 'read', rows)).toEqual([true, false, false, false, false]);
    expect(policy.filterFor(ann, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'project.department', value: 'research' } });
  });

  it('reads own properties only: a value inherited from a prototype is no value', () => {
    const inherited = { project: Object.create({ department: 'research' }) as object };
    expect(policy.can(ann, 'read', 'document', inherited)).toBe(false);
  });
});

describe('permittedActions', () => {
  it('lists the actions held, in declaration order whatever the order of the rules', () => {
    const policy = policyOf((identity) => [
      { action: 'delete', conditions: { owner_id: identity.userId } },
      { action: ['update', 'read'], conditions: { owner_id: identity.userId } },
      { action: 'read', conditions: { department: 'sales' } },
    ]);
    expect(policy.permittedActions(ann, 'document', own)).toEqual(['read', 'update', 'delete']);
    expect(policy.permittedActions(ann, 'document', others)).toEqual(['read']);
    expect(policy.permittedActions(ann, 'document', { owner_id: 'bo', department: 'research' })).toEqual([]);
  });

  it('agrees with can for every action', () => {
    const policy = policyOf((identity) => [{ action: ['read', 'update'] }, { action: 'update', inverted: true, conditions: { owner_id: { $ne: identity.userId } } }]);
    for (const row of [own, others, {}]) {
      expect(policy.permittedActions(ann, 'document', row)).toEqual(ACTIONS.filter((action) => policy.can(ann, action, 'document', row)));
    }
    expect(policy.permittedActions(ann, 'document', own)).toEqual(['read', 'update']);
  });
});

describe('the rules function', () => {
  it('runs once per frozen identity (a verified token’s), and on every call for one that can change', () => {
    const rules = vi.fn((identity: Identity): AuthorizationRule[] => [{ action: 'read', conditions: { owner_id: identity.userId } }]);
    const policy = policyOf(rules);
    rules.mockClear();
    const frozen = Object.freeze({ ...ann });
    policy.can(frozen, 'read', 'document', own);
    policy.filterFor(frozen, 'read', 'document');
    policy.permittedActions(frozen, 'document', own);
    expect(rules).toHaveBeenCalledTimes(1);
    const mutable = { ...ann };
    expect(policy.can(mutable, 'read', 'document', own)).toBe(true);
    mutable.userId = 'bo';
    expect(policy.can(mutable, 'read', 'document', own)).toBe(false);
    expect(rules).toHaveBeenCalledTimes(3);
  });
});
