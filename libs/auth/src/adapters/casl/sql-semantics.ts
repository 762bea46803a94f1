import { $and, $not, $or, and, not, or } from '@ucast/mongo2js';
import { buildMongoQueryMatcher } from '@casl/ability';
import type { FilterValue } from '../../domain/authorization/filter-condition';

// CASL's stock interpreters follow MongoDB: `{ a: null }` matches a missing field, `null < 5` holds
// (JavaScript's `>`), `$exists` asks whether the key is present. A database reads the same rule as
// SQL does, and a list filtered there must hold exactly the rows a one-by-one check lets through,
// so the in-memory check reads it as SQL does too: a missing value (null, undefined, a relation not
// loaded) equals only null, is in no list, and is neither smaller nor greater than anything.

type Node<T> = { readonly field: string; readonly value: T };
type Row = Record<string, unknown>;

/** The value at a dotted path, own properties only; anything that is not a scalar counts as missing. */
export function valueAt(row: unknown, path: string): FilterValue | undefined {
  let value: unknown = row;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Row)[segment];
  }
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

const isMissing = (value: FilterValue | undefined): value is null | undefined => value === null || value === undefined;

const equals = (value: FilterValue | undefined, operand: FilterValue) => (operand === null ? isMissing(value) : !isMissing(value) && value === operand);

const ordered = (test: (value: number, operand: number) => boolean) => (node: Node<number>, row: Row) => {
  const value = valueAt(row, node.field);
  return typeof value === 'number' && test(value, node.value);
};

const within = (node: Node<readonly FilterValue[]>, row: Row) => {
  const value = valueAt(row, node.field);
  return node.value.some((operand) => equals(value, operand));
};

const interpreters = {
  eq: (node: Node<FilterValue>, row: Row) => equals(valueAt(row, node.field), node.value),
  ne: (node: Node<FilterValue>, row: Row) => !equals(valueAt(row, node.field), node.value),
  lt: ordered((value, operand) => value < operand),
  lte: ordered((value, operand) => value <= operand),
  gt: ordered((value, operand) => value > operand),
  gte: ordered((value, operand) => value >= operand),
  in: within,
  nin: (node: Node<readonly FilterValue[]>, row: Row) => !within(node, row),
  exists: (node: Node<boolean>, row: Row) => !isMissing(valueAt(row, node.field)) === node.value,
  and,
  or,
  not,
};

/**
 * CASL's conditions matcher with the operators above. `$and`, `$or` and a field's `$not` are added
 * to CASL's defaults, which would otherwise read `{ $or: [...] }` as a field named "$or".
 */
export const sqlSemanticsMatcher: unknown = buildMongoQueryMatcher({ $and, $or, $not }, interpreters as never);
