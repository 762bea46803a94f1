// The demo's documents table comes from its own migration, in the database that holds the library's
// tables: on SQLite in memory and in a file (the default DATABASE_URL), kept across restarts.
// PostgreSQL: test/integration/documents.postgres.int-spec.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { pendingSchemaChanges } from '../support/postgres-test-database';
import { signIn, startDemo } from './support/demo-app';
import { bearer } from './support/problem';

describe('the documents table on SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'stepgate-documents-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('in memory: the migrations build exactly what the entities describe', async () => {
    const demo = await startDemo({ databaseUrl: 'sqlite::memory:' });
    try {
      const dataSource = demo.app.get(DataSource);
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(false);
      const indexes = await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'demo_documents' AND name LIKE 'IDX_%' ORDER BY name");
      expect(indexes.map((row: { name: string }) => row.name)).toEqual(['IDX_demo_documents_created_at_id', 'IDX_demo_documents_department', 'IDX_demo_documents_owner_id']);
    } finally {
      await demo.close();
    }
  });

  it('in a file: documents outlive a restart, and a table left behind without its migration record is kept', async () => {
    const databaseUrl = `sqlite:${join(directory, 'demo.sqlite')}`;
    const first = await startDemo({ databaseUrl });
    const alice = await signIn(first, 'alice');
    const created = await first.http.post('/demo/documents').set(bearer(alice.access_token)).send({ title: 'Kept' });
    expect(created.status).toBe(201);
    await first.close();

    const second = await startDemo({ databaseUrl });
    try {
      expect(await second.app.get(DataSource).showMigrations()).toBe(false);
      const again = await signIn(second, 'alice');
      expect((await second.http.get(`/demo/documents/${created.body.id}`).set(bearer(again.access_token))).body).toStrictEqual(created.body);
      // As when the library's tables are rebuilt from scratch: the records go, this table stays.
      await second.app.get(DataSource).query("DELETE FROM migrations WHERE name = 'CreateDemoDocuments1796342400000'");
    } finally {
      await second.close();
    }

    const third = await startDemo({ databaseUrl });
    try {
      const dataSource = third.app.get(DataSource);
      expect(await dataSource.showMigrations()).toBe(false);
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
      const again = await signIn(third, 'alice');
      expect((await third.http.get('/demo/documents').set(bearer(again.access_token))).body.items).toStrictEqual([created.body]);
    } finally {
      await third.close();
    }
  });
});
