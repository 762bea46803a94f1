import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from './data-source-options';
import { STEPGATE_MIGRATIONS } from './schema';
import { TypeormSessionRepository } from './typeorm-session.repository';

// Threat: production runs migrations, tests could run against entity metadata; if the two drift
// apart, a column the code relies on is missing only in production.
describe('Stepgate migrations on SQLite', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('create exactly the schema the entities describe', async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite::memory:')).initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });

  it('can be undone, leaving none of the tables behind', async () => {
    const dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite::memory:')).initialize();
    try {
      for (const _ of STEPGATE_MIGRATIONS) await dataSource.undoLastMigration();
      const runner = dataSource.createQueryRunner();
      const names = [
        'stepgate_users',
        'stepgate_sessions',
        'stepgate_refresh_tokens',
        'stepgate_totp_enrollments',
        'stepgate_totp_pending_setups',
        'stepgate_recovery_codes',
      ];
      const tables = await Promise.all(names.map((name) => runner.hasTable(name)));
      await runner.release();
      expect(tables).toEqual(names.map(() => false));
    } finally {
      await dataSource.destroy();
    }
  });

  it('creates the directory of a database file and reopens it without running migrations twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepgate-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'nested', 'auth.sqlite')}`;
    await (await new DataSource(dataSourceOptionsFromUrl(url)).initialize()).destroy();

    const reopened = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
    try {
      expect(await reopened.query('SELECT name FROM migrations ORDER BY timestamp')).toEqual([
        { name: 'CreateStepgateTables1732200000000' },
        { name: 'AddSignInFlowColumns1732300000000' },
        { name: 'AddUserPhoneNumber1732410000000' },
        { name: 'CreateMfaTables1732500000000' },
      ]);
      expect(await reopened.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await reopened.destroy();
    }
  });

  it('upgrades a database made before sign-in steps were recorded, keeping its sessions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepgate-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'auth.sqlite')}`;
    const previous = await new DataSource({ ...dataSourceOptionsFromUrl(url), migrations: [STEPGATE_MIGRATIONS[0]] }).initialize();
    await previous.query(
      `INSERT INTO stepgate_sessions (id, user_id, mode, status, methods, auth_time, created_at, last_used_at, expires_at)
       VALUES ('s1', 'u1', 'stateful', 'active', '["pwd"]', 1767254400000, 1767254400000, 1767254400000, 4102444800000)`,
    );
    await previous.destroy();

    const upgraded = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
    try {
      const session = await new TypeormSessionRepository(upgraded).findById('s1');
      expect(session?.toState()).toMatchObject({ methods: ['pwd'], completedSteps: [], nextSteps: [], status: 'active' });
    } finally {
      await upgraded.destroy();
    }
  });

  it('refuses a URL it cannot serve, naming the forms it accepts', () => {
    expect(() => dataSourceOptionsFromUrl('mysql://root:hunter2@db/app')).toThrow(/sqlite:<path>.*sqlite::memory:.*postgres:\/\//);
    expect(() => dataSourceOptionsFromUrl('mysql://root:hunter2@db/app')).not.toThrow(/hunter2/);
  });
});
