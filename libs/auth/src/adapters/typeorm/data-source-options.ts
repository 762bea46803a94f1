import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { requirePeer } from '../../peer-dependencies';
import { STEPGATE_ENTITIES, STEPGATE_MIGRATIONS } from './schema';

const ACCEPTED = 'sqlite:<path>, sqlite::memory: or postgres://user:password@host:port/database';

/**
 * Turns a `DATABASE_URL` into TypeORM options holding Stepgate's tables. Migrations run on
 * initialize; the schema is never synchronized, so a production database is changed only by them.
 *
 * @example
 * const dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite:./data/demo.sqlite')).initialize();
 * @example
 * dataSourceOptionsFromUrl('postgres://stepgate:secret@db:5432/stepgate');
 */
export function dataSourceOptionsFromUrl(url: string): DataSourceOptions {
  const common = { entities: STEPGATE_ENTITIES, migrations: STEPGATE_MIGRATIONS, synchronize: false, migrationsRun: true };
  if (url === 'sqlite::memory:') {
    requirePeer('better-sqlite3', 'DATABASE_URL sqlite::memory:');
    return { ...common, type: 'better-sqlite3', database: ':memory:' };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new Error(`DATABASE_URL "sqlite:" names no file; accepted forms: ${ACCEPTED}`);
    requirePeer('better-sqlite3', 'DATABASE_URL sqlite:<file>');
    mkdirSync(dirname(resolve(path)), { recursive: true });
    // WAL lets readers proceed while a write is in progress.
    return { ...common, type: 'better-sqlite3', database: path, enableWAL: true };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    requirePeer('pg', 'DATABASE_URL postgres://');
    return { ...common, type: 'postgres', url };
  }
  throw new Error(`Unsupported DATABASE_URL "${redacted(url)}"; accepted forms: ${ACCEPTED}`);
}

// The URL may carry a password; an error message ends up in logs.
function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
