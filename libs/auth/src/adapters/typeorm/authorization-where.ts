import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { AuthorizationFilter, FilterCondition, FilterValue } from '../../domain/authorization/filter-condition';
import { columnKindOf, type ColumnTypeInfo, fitToColumn } from './authorization-column-kinds';

// `alias.property`: the only column reference a field mapping may hold, resolved through the
// query's own metadata, so nothing of the mapping reaches the SQL text unescaped.
const COLUMN_REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;

// Distinct parameter names for every filter merged into any query of the process.
let filtersCompiled = 0;

/**
 * Merges an authorization filter (from `AuthorizationFilterQuery`, its fields mapped to
 * `alias.property` columns of `query`) into the query's `WHERE`, joined with AND. Every value is a
 * bound parameter; column names come from the entity metadata and are escaped. Each comparison is
 * written to be true or false, never NULL, so `NOT` and `$ne` treat a NULL column as the in-memory
 * check does (`NULL` equals only `null`, is in no list, is not ordered). The query's own conditions
 * are bracketed first, so an `a OR b` already there is narrowed as a whole; merge the filter after
 * them, as an `orWhere` added later would sit beside the filter rather than under it, and a later
 * `where` would replace it. Join the relations a mapping names with `leftJoin` (a to-one relation;
 * to-many ones are refused).
 *
 * @example
 * const filter = await queryBus.execute(new AuthorizationFilterQuery(identity, 'document', 'read', { owner_id: 'document.ownerId', department: 'document.department' }));
 * const [rows, total] = await whereAuthorized(documents.createQueryBuilder('document'), filter).take(20).getManyAndCount();
 */
export function whereAuthorized<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, filter: AuthorizationFilter): SelectQueryBuilder<T> {
  if ('grantedAll' in filter) return query;
  if ('deniedAll' in filter) return bracketExistingConditions(query).andWhere('1 = 0');
  const compiler = new FilterCompiler(query, `abac${++filtersCompiled}_`);
  const sql = compiler.compile(filter.condition);
  return bracketExistingConditions(query).andWhere(`(${sql})`, compiler.parameters);
}

// TypeORM joins where clauses with no brackets: `where('a').orWhere('b').andWhere(filter)` reads
// `a OR (b AND filter)`, and every row matching `a` would pass the filter by. `brackets` is the
// clause TypeORM's own `Brackets` builds, and it always wraps.
function bracketExistingConditions<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const { wheres } = query.expressionMap;
  if (wheres.length > 0) query.expressionMap.wheres = [{ type: 'simple', condition: { operator: 'brackets', condition: wheres } }];
  return query;
}

class FilterCompiler {
  readonly parameters: Record<string, FilterValue | FilterValue[]> = {};
  private count = 0;
  private readonly resolved = new Map<string, { aliasName: string; column: ColumnMetadata }>();

  constructor(
    private readonly query: SelectQueryBuilder<ObjectLiteral>,
    private readonly prefix: string,
  ) {}

  compile(condition: FilterCondition): string {
    if ('field' in condition) {
      const info = this.typeOf(condition.field);
      const fitted = fitToColumn(condition, columnKindOf(info), info);
      if (fitted !== condition) return this.compile(fitted);
    }
    switch (condition.op) {
      case 'and':
        return condition.conditions.length === 0 ? '1 = 1' : `(${condition.conditions.map((inner) => this.compile(inner)).join(' AND ')})`;
      case 'or':
        return condition.conditions.length === 0 ? '1 = 0' : `(${condition.conditions.map((inner) => this.compile(inner)).join(' OR ')})`;
      case 'not':
        return `(NOT ${this.compile(condition.condition)})`;
      case 'eq':
        return condition.value === null ? `${this.column(condition.field)} IS NULL` : this.compared(condition.field, '=', condition.value);
      case 'ne': {
        if (condition.value === null) return `${this.column(condition.field)} IS NOT NULL`;
        const column = this.column(condition.field);
        return `(${column} IS NULL OR ${column} <> ${this.parameter(condition.value)})`;
      }
      case 'lt':
        return this.compared(condition.field, '<', condition.value);
      case 'lte':
        return this.compared(condition.field, '<=', condition.value);
      case 'gt':
        return this.compared(condition.field, '>', condition.value);
      case 'gte':
        return this.compared(condition.field, '>=', condition.value);
      case 'in':
        return this.within(condition.field, condition.values);
      case 'nin':
        return `(NOT ${this.within(condition.field, condition.values)})`;
      case 'exists':
        return `${this.column(condition.field)} ${condition.value ? 'IS NOT NULL' : 'IS NULL'}`;
      default:
        throw new Error(`Unknown filter operator ${JSON.stringify((condition as { op: unknown }).op)}.`);
    }
  }

  private compared(field: string, operator: string, value: FilterValue): string {
    const column = this.column(field);
    return `(${column} IS NOT NULL AND ${column} ${operator} ${this.parameter(value)})`;
  }

  private within(field: string, values: readonly FilterValue[]): string {
    const column = this.column(field);
    const present = values.filter((value) => value !== null);
    const parts: string[] = [];
    if (present.length > 0) parts.push(`(${column} IS NOT NULL AND ${column} IN (:...${this.name(present)}))`);
    if (present.length < values.length) parts.push(`${column} IS NULL`);
    return parts.length === 0 ? '1 = 0' : `(${parts.join(' OR ')})`;
  }

  private parameter(value: FilterValue): string {
    return `:${this.name(value)}`;
  }

  private name(value: FilterValue | FilterValue[]): string {
    const name = `${this.prefix}${this.count++}`;
    this.parameters[name] = value;
    return name;
  }

  private column(reference: string): string {
    const { aliasName, column } = this.resolve(reference);
    return `${this.query.escape(aliasName)}.${this.query.escape(column.databaseName)}`;
  }

  private typeOf(reference: string): ColumnTypeInfo {
    const { driver } = this.query.connection;
    const type = String(driver.options.type);
    const { column } = this.resolve(reference);
    return { reference, normalizedType: driver.normalizeType(column), sqlite: type.includes('sqlite') || type === 'sqljs', collation: column.collation };
  }

  private resolve(reference: string): { aliasName: string; column: ColumnMetadata } {
    // Each leaf asks twice (its type, then its SQL), and rules name the same fields again and again.
    const known = this.resolved.get(reference);
    if (known) return known;
    const found = this.lookUp(reference);
    this.resolved.set(reference, found);
    return found;
  }

  private lookUp(reference: string): { aliasName: string; column: ColumnMetadata } {
    const match = COLUMN_REFERENCE.exec(reference);
    if (!match) throw new Error(`The field mapping names "${reference}"; map each rule field to "alias.property" of the query.`);
    const [, aliasName, property] = match;
    const alias = this.query.expressionMap.aliases.find((candidate) => candidate.name === aliasName);
    if (!alias) throw new Error(`The field mapping names the alias "${aliasName}", which the query does not select or join.`);
    const column = alias.hasMetadata ? (alias.metadata.findColumnWithPropertyPath(property) ?? alias.metadata.findColumnWithDatabaseName(property)) : undefined;
    if (!column) throw new Error(`The field mapping names "${reference}", which is not a column of the alias "${aliasName}".`);
    // A row joined to many others is checked in memory as one row holding a list, which no
    // comparison matches, while in SQL each joined row is compared on its own.
    const join = this.query.expressionMap.joinAttributes.find((candidate) => candidate.alias.name === aliasName);
    if (join?.relation && (join.relation.isOneToMany || join.relation.isManyToMany)) {
      throw new Error(`The field mapping names "${reference}", a column of a to-many join; map only the query's own columns and those of to-one relations.`);
    }
    return { aliasName, column };
  }
}
