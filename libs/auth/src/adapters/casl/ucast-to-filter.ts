import type { Condition } from '@ucast/mongo2js';
import type { FilterCondition, FilterValue } from '../../domain/authorization/filter-condition';

type Compound = { operator: string; value: Condition[] };
type Field = { operator: string; field: string; value: unknown };

/** CASL's condition tree (from `rulesToAST`) in the module's own shape, which a database compiler reads. */
export function filterConditionOf(condition: Condition): FilterCondition {
  const { operator } = condition;
  if (operator === 'and' || operator === 'or') {
    return { op: operator, conditions: (condition as unknown as Compound).value.map(filterConditionOf) };
  }
  if (operator === 'not') {
    const inner = (condition as unknown as Compound).value;
    return { op: 'not', condition: inner.length === 1 ? filterConditionOf(inner[0]) : { op: 'and', conditions: inner.map(filterConditionOf) } };
  }
  const { field, value } = condition as unknown as Field;
  switch (operator) {
    case 'eq':
    case 'ne':
      return { op: operator, field, value: value as FilterValue };
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return { op: operator, field, value: value as number };
    case 'in':
    case 'nin':
      return { op: operator, field, values: value as FilterValue[] };
    case 'exists':
      return { op: 'exists', field, value: value as boolean };
    default:
      // The rules are checked before CASL parses them; an operator here means that check has a gap.
      throw new Error(`The authorization filter cannot express the "${operator}" operator.`);
  }
}
