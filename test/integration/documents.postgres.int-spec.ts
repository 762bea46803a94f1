// The demo's documents on PostgreSQL (DATABASE_URL postgres://...): the same HTTP cases as on SQLite,
// against a table the demo's own migration has just built. PostgreSQL is where a malformed uuid
// would throw in the query (a 500) and where the uuid column is a type of its own.
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { documentsOverHttp } from '../e2e/documents.cases';
import { startDemo } from '../e2e/support/demo-app';
import { redacted, TEST_DATABASE_URL } from '../e2e/support/services';
import { pendingSchemaChanges } from '../support/postgres-test-database';

const MIGRATION = 'CreateDemoDocuments1796342400000';

/**
 * Drops the documents table and its migration record, so the demo's migration builds it again
 * (other suites leave the library's tables as they like). Fails, never skips, without a server.
 */
async function withoutDocumentsTable(): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(TEST_DATABASE_URL)) throw new Error(`TEST_DATABASE_URL must be a postgres:// URL, not ${redacted(TEST_DATABASE_URL)}`);
  const admin = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, connectTimeoutMS: 3000 });
  try {
    await admin.initialize();
  } catch (error) {
    throw new Error(`PostgreSQL at ${redacted(TEST_DATABASE_URL)} is not answering; start it with \`bash scripts/services.sh\``, { cause: error });
  }
  try {
    await admin.query('DROP TABLE IF EXISTS demo_documents');
    const [{ present }] = await admin.query("SELECT to_regclass('public.migrations') IS NOT NULL AS present");
    if (present) await admin.query('DELETE FROM migrations WHERE name = $1', [MIGRATION]);
  } finally {
    await admin.destroy();
  }
}

const startOnPostgres = async () => {
  await withoutDocumentsTable();
  return startDemo({ databaseUrl: TEST_DATABASE_URL });
};

describe('the documents table on PostgreSQL', () => {
  it('is built by the demo’s migration: exactly what the entity describes, a native uuid key, the list query’s indexes', async () => {
    const demo = await startOnPostgres();
    try {
      const dataSource = demo.app.get(DataSource);
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(false);
      const [{ data_type }] = await dataSource.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'demo_documents' AND column_name = 'id'");
      expect(data_type).toBe('uuid');
      const indexes = await dataSource.query("SELECT indexname FROM pg_indexes WHERE tablename = 'demo_documents' AND indexname LIKE 'IDX_%' ORDER BY indexname");
      expect(indexes.map((row: { indexname: string }) => row.indexname)).toEqual(['IDX_demo_documents_created_at_id', 'IDX_demo_documents_department', 'IDX_demo_documents_owner_id']);
    } finally {
      await demo.close();
    }
  });
});

documentsOverHttp('documents on PostgreSQL', startOnPostgres);
