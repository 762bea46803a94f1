// Threat: an identity attribute that is not set, read as a value. `{ department:
// identity.attributes?.department }` for a user without a department is `{ department: undefined }`,
// which MongoDB-style matching reads as "no department": that user would become a member of every
// document that has none. A missing value voids a granting rule (it grants nothing) and makes an
// inverted rule unconditional (it forbids everything below it): a gap in the identity can only
// narrow access, in memory and in the list filter alike.
import { describe, expect, it } from 'vitest';
import type { AuthorizationRule } from '../../domain/authorization/authorization-rule';
import type { Identity } from '../../domain/identity';
import { CaslAuthorizationPolicy } from './casl-authorization-policy';

const withDepartment: Identity = { userId: 'ann', username: 'ann', groups: ['staff'], attributes: { department: 'research' } };
const withoutDepartment: Identity = { userId: 'bo', username: 'bo', groups: [], attributes: {} };
const withoutAttributes: Identity = { userId: 'cy', username: 'cy', groups: [] };

const policyOf = (rules: (identity: Identity) => AuthorizationRule[]) =>
  new CaslAuthorizationPolicy({ resources: { document: { actions: ['read', 'delete'], rules } } });

const unfiled = [{ owner_id: 'ann', department: null }, { owner_id: 'ann' }, { owner_id: 'ann', department: undefined }];

describe('a granting rule that names a value the identity lacks', () => {
  const sameDepartment = policyOf((identity) => [{ action: 'read', conditions: { department: identity.attributes?.department } }]);

  it('a user without a department is not a member of every document without one', () => {
    for (const identity of [withoutDepartment, withoutAttributes]) {
      expect(unfiled.map((row) => sameDepartment.can(identity, 'read', 'document', row))).toEqual([false, false, false]);
      expect(sameDepartment.filterFor(identity, 'read', 'document')).toEqual({ deniedAll: true });
    }
  });

  it('still grants to a user who has the value', () => {
    expect(sameDepartment.can(withDepartment, 'read', 'document', { department: 'research' })).toBe(true);
    expect(unfiled.map((row) => sameDepartment.can(withDepartment, 'read', 'document', row))).toEqual([false, false, false]);
  });

  it('voids that rule only: the identity’s other rules still hold', () => {
    const policy = policyOf((identity) => [
      { action: 'read', conditions: { owner_id: identity.userId } },
      { action: 'read', conditions: { department: identity.attributes?.department } },
    ]);
    expect(policy.can(withoutDepartment, 'read', 'document', { owner_id: 'bo', department: null })).toBe(true);
    expect(policy.can(withoutDepartment, 'read', 'document', { owner_id: 'ann', department: null })).toBe(false);
    expect(policy.filterFor(withoutDepartment, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'bo' } });
  });

  it.each<[string, (identity: Identity) => AuthorizationRule['conditions']]>([
    ['$eq', (identity) => ({ department: { $eq: identity.attributes?.department } })],
    ['$ne', (identity) => ({ department: { $ne: identity.attributes?.department } })],
    ['an item of $in', (identity) => ({ department: { $in: ['sales', identity.attributes?.department] as never } })],
    ['an item of $nin', (identity) => ({ department: { $nin: [identity.attributes?.department] as never } })],
    ['$not', (identity) => ({ department: { $not: { $eq: identity.attributes?.department } } })],
    ['one branch of $or', (identity) => ({ $or: [{ owner_id: 'nobody' }, { department: identity.attributes?.department }] })],
    ['a group the identity does not hold', (identity) => ({ group: identity.groups[0] })],
    ['an ordering bound', (identity) => ({ level: { $lte: identity.attributes?.level === undefined ? undefined : Number(identity.attributes.level) } })],
  ])('voids the whole rule when the value is missing in %s', (_, conditions) => {
    const policy = policyOf((identity) => [{ action: 'read', conditions: conditions(identity) }]);
    const rows = [{ department: null, group: null, level: null }, { department: 'sales', level: 1 }, {}];
    expect(rows.map((row) => policy.can(withoutDepartment, 'read', 'document', row))).toEqual([false, false, false]);
    expect(policy.filterFor(withoutDepartment, 'read', 'document')).toEqual({ deniedAll: true });
  });

  it('an empty string is a value, not a missing one', () => {
    const policy = policyOf((identity) => [{ action: 'read', conditions: { department: identity.attributes?.department } }]);
    const blank: Identity = { ...withDepartment, attributes: { department: '' } };
    expect([{ department: '' }, { department: null }, {}].map((row) => policy.can(blank, 'read', 'document', row))).toEqual([true, false, false]);
    expect(policy.filterFor(blank, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'department', value: '' } });
  });

  it('a value with a lone surrogate, which a database would store as U+FFFD, matches nothing', () => {
    const policy = policyOf((identity) => [{ action: 'read', conditions: { department: identity.attributes?.department } }]);
    const broken: Identity = { ...withDepartment, attributes: { department: '\uD800' } };
    expect(policy.can(broken, 'read', 'document', { department: '\uD800' })).toBe(false);
    expect(policy.filterFor(broken, 'read', 'document')).toEqual({ deniedAll: true });
    const paired: Identity = { ...withDepartment, attributes: { department: '部門 😀' } };
    expect(policy.can(paired, 'read', 'document', { department: '部門 😀' })).toBe(true);
  });
});

describe('values no database answers for as given', () => {
  // Threat: an attribute holding NUL (PostgreSQL refuses it in any text parameter) turning every
  // list of its holder into a 500, or NaN from arithmetic on a missing attribute doing the same.
  it('a value with NUL matches nothing, rather than failing the query', () => {
    const policy = policyOf((identity) => [{ action: 'read', conditions: { department: identity.attributes?.department } }, { action: 'read', conditions: { owner_id: identity.userId } }]);
    const nul: Identity = { ...withDepartment, attributes: { department: 'res\u0000earch' } };
    expect(policy.can(nul, 'read', 'document', { department: 'res\u0000earch', owner_id: 'x' })).toBe(false);
    expect(policy.filterFor(nul, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: nul.userId } });
  });

  it('NaN is no value: a granting rule naming it grants nothing, an inverted one forbids', () => {
    const granting = policyOf((identity) => [{ action: 'read', conditions: { level: { $lte: Number(identity.attributes?.clearance) } } }]);
    expect(granting.filterFor(withoutAttributes, 'read', 'document')).toEqual({ deniedAll: true });
    const forbidding = policyOf((identity) => [{ action: 'read' }, { action: 'read', inverted: true, conditions: { level: { $gt: Number(identity.attributes?.clearance) } } }]);
    expect(forbidding.filterFor(withoutAttributes, 'read', 'document')).toEqual({ deniedAll: true });
    expect(forbidding.can(withoutAttributes, 'read', 'document', { level: 0 })).toBe(false);
  });
});

describe('an inverted rule that names a value the identity lacks', () => {
  // "Outside your own department, nothing": for a user without one, that is everything.
  const confined = policyOf((identity) => [{ action: ['read', 'delete'] }, { action: ['read', 'delete'], inverted: true, conditions: { department: { $ne: identity.attributes?.department } } }]);

  it('an inverted rule with a missing attribute forbids rather than vanishes', () => {
    for (const identity of [withoutDepartment, withoutAttributes]) {
      expect([{ department: 'research' }, { department: null }, {}].map((row) => confined.can(identity, 'read', 'document', row))).toEqual([false, false, false]);
      expect(confined.filterFor(identity, 'read', 'document')).toEqual({ deniedAll: true });
      expect(confined.permittedActions(identity, 'document', { department: null })).toEqual([]);
    }
  });

  it('forbids only as far as its conditions reach for a user who has the value ($ne holds for an unfiled one)', () => {
    expect([{ department: 'research' }, { department: 'sales' }, { department: null }].map((row) => confined.can(withDepartment, 'read', 'document', row))).toEqual([true, false, false]);
    expect(confined.filterFor(withDepartment, 'read', 'document')).toEqual({ condition: { op: 'not', condition: { op: 'ne', field: 'department', value: 'research' } } });
  });

  it('is still overridden by a later grant, as an unconditional inverted rule is', () => {
    const policy = policyOf((identity) => [
      { action: 'read', inverted: true, conditions: { department: { $ne: identity.attributes?.department } } },
      { action: 'read', conditions: { owner_id: identity.userId } },
    ]);
    expect(policy.can(withoutDepartment, 'read', 'document', { owner_id: 'bo' })).toBe(true);
    expect(policy.can(withoutDepartment, 'read', 'document', { owner_id: 'ann' })).toBe(false);
    expect(policy.filterFor(withoutDepartment, 'read', 'document')).toEqual({ condition: { op: 'eq', field: 'owner_id', value: 'bo' } });
  });
});
