// Threat: several instances on one PostgreSQL database, each with its own in-memory stores. Flow
// state and attempt counters then live in one process: a sign-in step landing on another instance
// fails, and every throttle is multiplied by the number of instances (an attacker's guesses too).
import { afterEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { createAuthTestingModule, type AuthTestingModule } from './testing/auth-testing-module';
import { memoryPersistence, memoryStores } from './persistence';
import { typeormPersistence } from './adapters/typeorm/typeorm-persistence';
import { StoresNotSharedError } from './shared-stores';

const sharedPersistence = () => ({ ...memoryPersistence(), shared: true });

describe('shared persistence with stores in one process is a start-up error', () => {
  let booted: AuthTestingModule | undefined;
  afterEach(async () => {
    await booted?.close();
    booted = undefined;
  });

  it.each([
    ['stores omitted', {}],
    ['memoryStores()', { stores: memoryStores() }],
    ['stores that do not say they are shared', { stores: { ...memoryStores(), shared: undefined } }],
  ])('refuses %s beside shared persistence, naming both ways out', async (_, options) => {
    const start = createAuthTestingModule({ persistence: sharedPersistence(), stores: undefined, ...options });
    await expect(start).rejects.toBeInstanceOf(StoresNotSharedError);
    await expect(createAuthTestingModule({ persistence: sharedPersistence(), stores: undefined, ...options })).rejects.toThrow(
      /redisStores\(redis\).*singleInstance: true/s,
    );
  });

  it('starts when the app says one instance is intended', async () => {
    booted = await createAuthTestingModule({ persistence: sharedPersistence(), stores: memoryStores(), singleInstance: true });
    expect(booted.module).toBeDefined();
  });

  it('starts with stores that are shared too', async () => {
    booted = await createAuthTestingModule({ persistence: sharedPersistence(), stores: { ...memoryStores(), shared: true } });
    expect(booted.module).toBeDefined();
  });

  it('starts on persistence in one process or on one host (memory, SQLite) with memory stores', async () => {
    booted = await createAuthTestingModule({ persistence: memoryPersistence(), stores: memoryStores() });
    expect(booted.module).toBeDefined();
  });
});

describe('which persistence is shared between processes', () => {
  it('memory is not; TypeORM is on a database server, not on SQLite (one host, one file)', () => {
    expect(memoryPersistence().shared).toBe(false);
    expect(memoryStores().shared).toBe(false);
    expect(typeormPersistence(new DataSource({ type: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' })).shared).toBe(true);
    expect(typeormPersistence(new DataSource({ type: 'better-sqlite3', database: ':memory:' })).shared).toBe(false);
  });

  it('an app can say otherwise for its TypeORM data source', () => {
    expect(typeormPersistence(new DataSource({ type: 'better-sqlite3', database: '/srv/shared.sqlite' }), { shared: true }).shared).toBe(true);
  });
});
