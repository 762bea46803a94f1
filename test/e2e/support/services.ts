import { DataSource, type DataSourceOptions } from 'typeorm';
import { Redis } from 'ioredis';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://stepgate:stepgate@127.0.0.1:5432/stepgate_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** A TypeORM connection to the test PostgreSQL over `entities`, or an error saying how to start it. */
export async function openTestPostgres(entities: DataSourceOptions['entities']): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, connectTimeoutMS: 3000, entities });
  try {
    return await dataSource.initialize();
  } catch (error) {
    // Fails, never skips: a suite that silently skips without its server proves nothing in CI.
    throw new Error(`PostgreSQL at ${redacted(TEST_DATABASE_URL)} is not answering; start it with \`bash scripts/services.sh\``, { cause: error });
  }
}

/**
 * Throws (so the suite fails, never skips) unless PostgreSQL and Redis both answer: a suite that
 * silently skips without its servers proves nothing in CI.
 */
export async function assertServicesAnswer(): Promise<void> {
  const pg = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, connectTimeoutMS: 3000 });
  try {
    await pg.initialize();
    await pg.query('SELECT 1');
  } catch (error) {
    throw new Error(`PostgreSQL at ${redacted(TEST_DATABASE_URL)} is not answering; start it with \`bash scripts/services.sh\``, { cause: error });
  } finally {
    if (pg.isInitialized) await pg.destroy();
  }
  (await connectRedis()).disconnect();
}

/**
 * A Redis client that has answered PING, or an error naming the reason: no retries and no offline
 * queue, so a missing server fails the suite here instead of hanging it.
 */
export async function connectRedis(url: string = TEST_REDIS_URL): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // connect() rejects with a bare "Connection is closed"; the reason (ECONNREFUSED...) comes as an event.
  let reason: unknown;
  redis.on('error', (error) => (reason = error));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${redacted(url)} is not answering; start it with \`bash scripts/services.sh\``, { cause: reason ?? error });
  }
}
