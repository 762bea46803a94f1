/**
 * A value a condition compares a field with. Conditions are compiled from the authorization rules,
 * the one shape both the in-memory check and a database filter read, and mean the same in both: a
 * missing value (`null`, `undefined`, a relation a join did not find) equals only `null`, is in no
 * list and is not ordered; `ne` and `nin` hold for it.
 */
export type FilterValue = string | number | boolean | null;

/** The condition tree itself: `and`/`or`/`not` over field comparisons. */
export type FilterCondition =
  | { readonly op: 'and' | 'or'; readonly conditions: readonly FilterCondition[] }
  | { readonly op: 'not'; readonly condition: FilterCondition }
  | { readonly op: 'eq' | 'ne'; readonly field: string; readonly value: FilterValue }
  | { readonly op: 'lt' | 'lte' | 'gt' | 'gte'; readonly field: string; readonly value: number }
  | { readonly op: 'in' | 'nin'; readonly field: string; readonly values: readonly FilterValue[] }
  | { readonly op: 'exists'; readonly field: string; readonly value: boolean };

/**
 * What a caller may see of one resource type for one action: everything, nothing, or the rows
 * `condition` matches. `AuthorizationFilterQuery` answers it; `whereAuthorized` (from
 * `@stepgate/auth/typeorm`) merges it into a query builder.
 */
export type AuthorizationFilter =
  | { readonly grantedAll: true }
  | { readonly deniedAll: true }
  | { readonly condition: FilterCondition };

/** Where each rule field lives in the caller's query: `{ owner_id: 'document.ownerId', 'project.department': 'project.department' }`. */
export type FieldMapping = Readonly<Record<string, string>>;

/** A rule names a field the field mapping leaves out: the filter would not mean what the rule says. */
export class UnmappedFieldError extends Error {
  constructor(readonly field: string) {
    super(`The authorization rules read the field "${field}", which the field mapping does not name; add it to the mapping.`);
    this.name = 'UnmappedFieldError';
  }
}

/** The same condition over the columns `mapping` names; a field it does not name throws `UnmappedFieldError`. */
export function mapConditionFields(condition: FilterCondition, mapping: FieldMapping): FilterCondition {
  switch (condition.op) {
    case 'and':
    case 'or':
      return { op: condition.op, conditions: condition.conditions.map((inner) => mapConditionFields(inner, mapping)) };
    case 'not':
      return { op: 'not', condition: mapConditionFields(condition.condition, mapping) };
    default: {
      // Own properties only: a rule field named `constructor` or `__proto__` must not find Object's.
      const column = Object.hasOwn(mapping, condition.field) ? mapping[condition.field] : undefined;
      if (column === undefined) throw new UnmappedFieldError(condition.field);
      return { ...condition, field: column };
    }
  }
}

/** The same filter over mapped columns (`grantedAll` and `deniedAll` unchanged). */
export function mapFilterFields(filter: AuthorizationFilter, mapping: FieldMapping): AuthorizationFilter {
  return 'condition' in filter ? { condition: mapConditionFields(filter.condition, mapping) } : filter;
}
