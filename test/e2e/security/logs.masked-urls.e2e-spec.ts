// Threat: credentials in connection URLs written to the log. The demo's start-up line printed
// DATABASE_URL with its password, and REDIS_URL carries one too; logs reach operators, shippers
// and their vendors, who must not be able to sign in to the database.
import { describe, expect, it } from 'vitest';
import { maskCredentials, storageSummary } from '../../../apps/demo/src/demo-config';

describe('connection URLs in the demo start-up line', () => {
  it('show no password of DATABASE_URL or REDIS_URL', () => {
    const line = storageSummary({ mode: 'stateful', databaseUrl: 'postgres://stepgate:db-s3cret@db.internal:5432/stepgate', redisUrl: 'redis://:redis-s3cret@cache:6379/0' });
    expect(line).not.toContain('db-s3cret');
    expect(line).not.toContain('redis-s3cret');
    expect(line).toContain('postgres://stepgate:***@db.internal:5432/stepgate');
    expect(line).toContain('redis://:***@cache:6379/0');
  });

  it.each([
    ['postgres://user:p%40ss%2Fword@host/db', 'postgres://user:***@host/db'],
    ['rediss://default:tok@cache:6380', 'rediss://default:***@cache:6380'],
    ['postgres://host/db?user=app&password=q-s3cret&sslmode=require', 'postgres://host/db?user=app&password=***&sslmode=require'],
    ['sqlite:./data/demo.sqlite', 'sqlite:./data/demo.sqlite'],
    ['sqlite::memory:', 'sqlite::memory:'],
    ['postgres://user@host/db', 'postgres://user@host/db'],
  ])('masks %s as %s', (url, masked) => {
    expect(maskCredentials(url)).toBe(masked);
  });

  it('hides everything after the scheme of a URL it cannot parse, rather than guess', () => {
    expect(maskCredentials('postgres://user:s3cret@bad host/db')).toBe('postgres://***');
  });
});
