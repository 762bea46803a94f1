import type { FilterCondition, FilterValue } from '../../domain/authorization/filter-condition';

/** How a column's values compare, as far as a filter and the in-memory check can agree on it. */
export type ColumnKind = 'text' | 'uuid' | 'integer' | 'float' | 'boolean';

const TRUE: FilterCondition = { op: 'and', conditions: [] };
const FALSE: FilterCondition = { op: 'or', conditions: [] };
// PostgreSQL prints a uuid this way; a value in any other spelling is equal to none it returns.
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Normalised TypeORM column types (PostgreSQL, SQLite) whose values TypeORM loads as the JavaScript
// type the rule compares with. Left out on purpose: bigint and numeric (loaded as strings), real on
// PostgreSQL (float4: 0.1 is stored as 0.100000001), char (blank-padded), citext (case-insensitive),
// enum (an unknown label is an error, not a mismatch), dates and JSON.
const KINDS: Record<string, ColumnKind> = {
  'character varying': 'text', varchar: 'text', text: 'text', uuid: 'uuid',
  integer: 'integer', int: 'integer', smallint: 'integer',
  'double precision': 'float', double: 'float', float: 'float',
  boolean: 'boolean',
};

const INTEGER_RANGES: Record<string, readonly [number, number]> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};

export interface ColumnTypeInfo {
  readonly reference: string;
  readonly normalizedType: string;
  /** SQLite's `real` is a double, PostgreSQL's a float4. */
  readonly sqlite: boolean;
  /** The collation the entity declares for the column, if any. */
  readonly collation?: string;
}

// Collations that compare text byte by byte, as JavaScript's === does.
const BYTEWISE_COLLATIONS = new Set(['C', 'POSIX', 'BINARY', 'ucs_basic']);

export function columnKindOf({ reference, normalizedType, sqlite, collation }: ColumnTypeInfo): ColumnKind {
  if (collation !== undefined && !BYTEWISE_COLLATIONS.has(collation)) {
    throw new Error(`The field mapping names "${reference}", a column with the collation ${collation}: an authorization filter compares text byte by byte, as the in-memory check does (NOCASE or a case-insensitive collation would widen a list).`);
  }
  const kind = sqlite && normalizedType === 'real' ? 'float' : KINDS[normalizedType];
  if (!kind) throw new Error(`The field mapping names "${reference}", a ${normalizedType} column: an authorization filter compares only text, uuid, integer, double and boolean columns, whose loaded values the in-memory check reads alike.`);
  // SQLite keeps 64-bit integers, of which JavaScript numbers hold the safe ones exactly.
  return kind;
}

/**
 * The comparison as the column can answer it: a value the column cannot hold (1.5 in an integer
 * column, 'ABC' in a uuid one, 3e9 in an int4) matches no row, in SQL as in memory, so it becomes a
 * constant rather than a parameter PostgreSQL would refuse with an error. A value of another type
 * than the column's (a string against an integer) is a mistake in the rules, and throws: SQL would
 * convert it, the in-memory check would not.
 */
export function fitToColumn(condition: FilterCondition, kind: ColumnKind, info: ColumnTypeInfo): FilterCondition {
  switch (condition.op) {
    case 'eq':
    case 'ne': {
      if (condition.value === null) return condition;
      if (holds(kind, info, condition.value)) return condition;
      return condition.op === 'eq' ? FALSE : TRUE;
    }
    case 'in':
    case 'nin': {
      const kept = condition.values.filter((value) => value === null || holds(kind, info, value));
      return kept.length === condition.values.length ? condition : { ...condition, values: kept };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      expectType(kind, info, condition.value);
      return kind === 'integer' ? integerBound(condition, rangeOf(info)) : condition;
    default:
      return condition;
  }
}

function holds(kind: ColumnKind, info: ColumnTypeInfo, value: Exclude<FilterValue, null>): boolean {
  expectType(kind, info, value);
  if (kind === 'uuid') return CANONICAL_UUID.test(value as string) || info.sqlite;
  if (kind === 'integer') {
    const [min, max] = rangeOf(info);
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  }
  return true;
}

function expectType(kind: ColumnKind, info: ColumnTypeInfo, value: Exclude<FilterValue, null>): void {
  const expected = kind === 'text' || kind === 'uuid' ? 'string' : kind === 'boolean' ? 'boolean' : 'number';
  if (typeof value !== expected) throw new Error(`An authorization rule compares "${info.reference}", a ${info.normalizedType} column, with the ${typeof value} ${JSON.stringify(value)}; give it a ${expected}.`);
}

function rangeOf(info: ColumnTypeInfo): readonly [number, number] {
  return info.sqlite ? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] : (INTEGER_RANGES[info.normalizedType] ?? INTEGER_RANGES.integer);
}

type Ordering = Extract<FilterCondition, { op: 'lt' | 'lte' | 'gt' | 'gte' }>;

// x < 1.5 is x < 2 for integers; a bound past the column's range holds for every value or none.
function integerBound(condition: Ordering, [min, max]: readonly [number, number]): FilterCondition {
  const { op, field } = condition;
  const bound = op === 'lt' || op === 'gte' ? Math.ceil(condition.value) : Math.floor(condition.value);
  const everyValue: FilterCondition = { op: 'exists', field, value: true };
  const within = bound === condition.value ? condition : { op, field, value: bound };
  if (op === 'lt') return bound > max ? everyValue : bound <= min ? FALSE : within;
  if (op === 'lte') return bound >= max ? everyValue : bound < min ? FALSE : within;
  if (op === 'gt') return bound >= max ? FALSE : bound < min ? everyValue : within;
  return bound > max ? FALSE : bound <= min ? everyValue : within;
}
