import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * The reads and writes on the sign-in, refresh and token-check paths, without TypeORM's per-call
 * query building: `findOneBy` assembles a SelectQueryBuilder on every call, and `insert` / `upsert`
 * read the row back after writing it (a second statement). Here the SQL is written once per
 * repository from the entity's metadata, and rows are hydrated with TypeORM's own column
 * conversions (`prepareHydratedValue`: transformers, simple-json, booleans), so what comes back is
 * what `findOneBy` would return, on SQLite and on PostgreSQL alike.
 */
export class LeanRows<T extends ObjectLiteral> {
  /** SQL by statement, written on first use. */
  private readonly statements = new Map<string, string>();

  constructor(private readonly rows: Repository<T>) {}

  /** The one row whose `property` equals `value`, or undefined. */
  async findOneBy(property: keyof T & string, value: unknown): Promise<T | undefined> {
    const raws: Record<string, unknown>[] = await this.rows.manager.query(this.selectBy(property), [value]);
    return raws.length ? this.hydrate(raws[0]) : undefined;
  }

  /** INSERT without reading the row back. */
  async insert(row: T): Promise<void> {
    await this.rows.manager.query(this.statement('insert'), this.valuesOf(row));
  }

  /** INSERT, or UPDATE every other column of the row that conflicts on `conflictProperty`; not read back. */
  async upsert(row: T, conflictProperty: keyof T & string): Promise<void> {
    await this.rows.manager.query(this.statement('upsert', conflictProperty), this.valuesOf(row));
  }

  /** The row's values in column order, converted as TypeORM stores them (transformers, simple-json). */
  private valuesOf(row: T): unknown[] {
    const { driver } = this.rows.manager.connection;
    // Every column is written: the rows handed in set each one (null where optional).
    return this.rows.metadata.columns.map((column) => driver.preparePersistentValue(column.getEntityValue(row), column) ?? null);
  }

  private statement(kind: 'insert' | 'upsert', conflictProperty?: string): string {
    const cacheKey = `${kind}:${conflictProperty ?? ''}`;
    let sql = this.statements.get(cacheKey);
    if (!sql) {
      const { driver } = this.rows.manager.connection;
      const columns = this.rows.metadata.columns.map((column) => driver.escape(column.databaseName));
      const placeholders = Object.fromEntries(columns.map((_, index) => [`c${index}`, null]));
      const insert = `INSERT INTO ${this.table()} (${columns.join(', ')}) VALUES (${columns.map((_, index) => `:c${index}`).join(', ')})`;
      // ON CONFLICT ... DO UPDATE reads the same on PostgreSQL and on SQLite (3.24 and later).
      const conflict = conflictProperty && driver.escape(this.columnOf(conflictProperty).databaseName);
      const text = conflict ? `${insert} ON CONFLICT (${conflict}) DO UPDATE SET ${columns.filter((column) => column !== conflict).map((column) => `${column} = EXCLUDED.${column}`).join(', ')}` : insert;
      [sql] = driver.escapeQueryWithParameters(text, placeholders);
      this.statements.set(cacheKey, sql);
    }
    return sql;
  }

  private table(): string {
    const { driver } = this.rows.manager.connection;
    return this.rows.metadata.tablePath.split('.').map((part) => driver.escape(part)).join('.');
  }

  private selectBy(property: string): string {
    let sql = this.statements.get(`select:${property}`);
    if (!sql) {
      const { driver } = this.rows.manager.connection;
      const { metadata } = this.rows;
      const columns = metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ');
      const table = this.table();
      const key = driver.escape(this.columnOf(property).databaseName);
      // The driver writes its own placeholder for the one parameter: `?` on SQLite, `$1` on PostgreSQL.
      [sql] = driver.escapeQueryWithParameters(`SELECT ${columns} FROM ${table} WHERE ${key} = :value`, { value: null });
      this.statements.set(`select:${property}`, sql);
    }
    return sql;
  }

  private hydrate(raw: Record<string, unknown>): T {
    const { driver } = this.rows.manager.connection;
    const entity = this.rows.metadata.create() as T;
    for (const column of this.rows.metadata.columns) column.setEntityValue(entity, driver.prepareHydratedValue(raw[column.databaseName], column));
    return entity;
  }

  private columnOf(property: string) {
    const column = this.rows.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.rows.metadata.name} has no column for "${property}"`);
    return column;
  }
}
