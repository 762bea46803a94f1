import type { AuthorizationRule, RuleConditions } from '../../domain/authorization/authorization-rule';

/** A rule the policy cannot honour the same way in memory and in SQL: a mistake in the app's rules, reported at once. */
export class AuthorizationRuleError extends Error {
  constructor(resourceType: string, detail: string) {
    super(`Authorization rule for "${resourceType}": ${detail}`);
    this.name = 'AuthorizationRuleError';
  }
}

const EQUALITY = new Set(['$eq', '$ne']);
const LISTS = new Set(['$in', '$nin']);
const ORDERING = new Set(['$lt', '$lte', '$gt', '$gte']);
// A dotted path of plain names; never a prototype's member, which a property lookup would find.
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const RESERVED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown while walking conditions that name a value the identity does not have. */
class MissingValue {}

/**
 * The rule as CASL should see it, after checking that its conditions use only what both stores
 * evaluate alike. A value left `undefined` (an identity attribute that is not set) never matches:
 * a granting rule that names one grants nothing (undefined is returned), and a forbidding rule that
 * names one forbids without condition. Either way the gap can only narrow access. A string no
 * database stores as given (one with a lone surrogate) is read the same way.
 */
export function checkedRule(resourceType: string, rule: AuthorizationRule): AuthorizationRule | undefined {
  if (rule === null || typeof rule !== 'object') throw new AuthorizationRuleError(resourceType, 'each rule must be an object');
  const actions = typeof rule.action === 'string' ? [rule.action] : rule.action;
  if (!Array.isArray(actions) || actions.length === 0 || actions.some((action) => typeof action !== 'string' || action === '')) {
    throw new AuthorizationRuleError(resourceType, '`action` must be a non-empty string or list of strings');
  }
  const unknownKey = Object.keys(rule).find((key) => !['action', 'conditions', 'inverted', 'reason'].includes(key));
  if (unknownKey !== undefined) throw new AuthorizationRuleError(resourceType, `"${unknownKey}" is not part of a rule (the subject is the resource type; field rules are not supported)`);
  if (rule.conditions === undefined) return { action: rule.action, inverted: rule.inverted === true, reason: rule.reason };
  try {
    checkConditions(resourceType, rule.conditions);
  } catch (error) {
    if (!(error instanceof MissingValue)) throw error;
    return rule.inverted === true ? { action: rule.action, inverted: true, reason: rule.reason } : undefined;
  }
  return { action: rule.action, conditions: rule.conditions, inverted: rule.inverted === true, reason: rule.reason };
}

function checkConditions(resourceType: string, conditions: RuleConditions): void {
  if (!isPlainObject(conditions)) throw new AuthorizationRuleError(resourceType, 'conditions must be a plain object');
  const entries = Object.entries(conditions);
  if (entries.length === 0) throw new AuthorizationRuleError(resourceType, 'empty conditions match everything; leave `conditions` out to say so');
  for (const [key, value] of entries) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) throw new AuthorizationRuleError(resourceType, `${key} takes a non-empty list of conditions`);
      for (const inner of value) checkConditions(resourceType, inner as RuleConditions);
    } else if (key.startsWith('$')) {
      throw new AuthorizationRuleError(resourceType, `${key} is not supported at the top of conditions (use $and, $or, or a field's $not)`);
    } else {
      checkField(resourceType, key);
      checkFieldCondition(resourceType, key, value);
    }
  }
}

function checkField(resourceType: string, field: string): void {
  if (!FIELD.test(field) || field.split('.').some((segment) => RESERVED_SEGMENTS.has(segment))) {
    throw new AuthorizationRuleError(resourceType, `"${field}" is not a field name (letters, digits and _, dotted for a relation)`);
  }
}

function checkFieldCondition(resourceType: string, field: string, value: unknown): void {
  if (value === undefined) throw new MissingValue();
  if (!isPlainObject(value)) return checkScalar(resourceType, field, value);
  const operators = Object.entries(value);
  if (operators.length === 0) throw new AuthorizationRuleError(resourceType, `"${field}" has an empty operator object`);
  for (const [operator, operand] of operators) {
    if (EQUALITY.has(operator)) {
      if (operand === undefined) throw new MissingValue();
      checkScalar(resourceType, field, operand);
    } else if (LISTS.has(operator)) {
      if (!Array.isArray(operand)) throw new AuthorizationRuleError(resourceType, `${operator} on "${field}" takes a list`);
      if (operand.some((item) => item === undefined)) throw new MissingValue();
      for (const item of operand) checkScalar(resourceType, field, item);
    } else if (ORDERING.has(operator)) {
      if (operand === undefined || Number.isNaN(operand)) throw new MissingValue();
      if (typeof operand !== 'number' || !Number.isFinite(operand)) {
        throw new AuthorizationRuleError(resourceType, `${operator} on "${field}" takes a finite number (strings and dates order differently in each database)`);
      }
    } else if (operator === '$exists') {
      if (typeof operand !== 'boolean') throw new AuthorizationRuleError(resourceType, `$exists on "${field}" takes true or false`);
    } else if (operator === '$not') {
      if (!isPlainObject(operand)) throw new AuthorizationRuleError(resourceType, `$not on "${field}" takes an object of operators`);
      checkFieldCondition(resourceType, field, operand);
    } else {
      throw new AuthorizationRuleError(resourceType, `${operator} on "${field}" is not supported (eq, ne, in, nin, lt, lte, gt, gte, exists, not)`);
    }
  }
}

// A lone UTF-16 surrogate: every driver sends it as U+FFFD, so in SQL it would equal any other such
// string and every stored U+FFFD, while in memory it equals only itself.
const LONE_SURROGATE = /\p{Surrogate}/u;
// NUL: PostgreSQL refuses it in any text parameter, so the query would fail instead of answering.
const NUL = '\u0000';

function checkScalar(resourceType: string, field: string, value: unknown): void {
  if (typeof value === 'string' && (LONE_SURROGATE.test(value) || value.includes(NUL))) throw new MissingValue();
  // NaN is what arithmetic on a missing attribute gives (`Number(undefined)`): no value, like undefined.
  if (typeof value === 'number' && Number.isNaN(value)) throw new MissingValue();
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  throw new AuthorizationRuleError(resourceType, `"${field}" is compared with ${describe(value)}; use a string, a finite number, a boolean or null`);
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date (store it as epoch milliseconds and compare numbers)';
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'a list (use $in)' : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
