import { afterAll, beforeAll } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from '@stepgate/auth/typeorm';
import { redacted, TEST_DATABASE_URL } from '../e2e/support/services';

/**
 * A data source on the test PostgreSQL, open for the tests of the file that calls this: before them,
 * `reset` has an admin connection without migrations, then the data source opens and its migrations
 * build again what `reset` dropped; after them, it closes.
 * Fails, never skips, without a server: a suite that silently skips proves nothing in CI.
 *
 * @example
 * const dataSource = useTestPostgres((admin) => admin.query('DROP TABLE IF EXISTS stepgate_users CASCADE'), 12);
 * it('...', async () => expect(await pendingSchemaChanges(dataSource())).toEqual([]));
 */
export function useTestPostgres(reset: (admin: DataSource) => Promise<unknown>, poolSize: number): () => DataSource {
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    dataSource = await open(reset, poolSize);
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });
  return () => {
    if (!dataSource) throw new Error('The test database opens in beforeAll; read it inside a test');
    return dataSource;
  };
}

async function open(reset: (admin: DataSource) => Promise<unknown>, poolSize: number): Promise<DataSource> {
  const options = dataSourceOptionsFromUrl(TEST_DATABASE_URL);
  if (options.type !== 'postgres') throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
  const admin = new DataSource({ ...options, migrationsRun: false });
  try {
    await admin.initialize();
  } catch (error) {
    throw new Error(`PostgreSQL at ${redacted(TEST_DATABASE_URL)} is not answering; start it with \`bash scripts/services.sh\``, { cause: error });
  }
  await reset(admin);
  await admin.destroy();
  return new DataSource({ ...options, poolSize }).initialize();
}

/** The statements the schema builder would still run: none when the migrations built what the entities describe. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((query) => query.query);
}
