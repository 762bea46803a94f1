import type { AuthPersistence, AuthStores } from '@stepgate/auth';
import { RedisAttemptCounter, RedisFlowStateStore, RedisElevationStore, RedisOtpChallengeStore, RedisPendingOperationStore, RedisProviderSessionStore } from '@stepgate/auth';
import { uniqueTag } from '@stepgate/auth/testing';
import { dataSourceOptionsFromUrl, typeormPersistence } from '@stepgate/auth/typeorm';
import { DataSource } from 'typeorm';
import { assertServicesAnswer, connectRedis, TEST_DATABASE_URL } from './services';

const USER_TABLES = ['stepgate_refresh_tokens', 'stepgate_sessions', 'stepgate_totp_enrollments', 'stepgate_totp_pending_setups', 'stepgate_recovery_codes'];

/** TypeORM persistence on the test PostgreSQL and stores on the test Redis, for one app. */
export interface PostgresRedisStorage {
  readonly persistence: AuthPersistence;
  readonly stores: AuthStores;
  /** Deletes this run's Redis keys and its users' rows, and closes both connections. */
  close(): Promise<void>;
}

/**
 * Opens both servers or throws: a suite meant for them must fail, never skip, without them. The
 * Redis keys carry a prefix of this run only (`redisStores` takes none, the adapters do), so runs
 * and suites sharing the server never count each other's attempts or see each other's codes. Rows
 * are kept apart by `usernames`, which must be unique to the run, and removed on close.
 */
export async function openPostgresRedisStorage(usernames: readonly string[]): Promise<PostgresRedisStorage> {
  const options = dataSourceOptionsFromUrl(TEST_DATABASE_URL);
  if (options.type !== 'postgres') throw new Error('TEST_DATABASE_URL must be a postgres:// URL');
  await assertServicesAnswer();
  const redis = await connectRedis();
  // More connections than the ten submissions a race case fires, so they really overlap.
  const dataSource = await new DataSource({ ...options, poolSize: 21 }).initialize().catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  const prefix = `stepgate-test:${uniqueTag()}:`;
  const stores: AuthStores = {
    attempts: new RedisAttemptCounter(redis, `${prefix}attempts:`),
    flows: new RedisFlowStateStore(redis, `${prefix}flows:`),
    otpChallenges: new RedisOtpChallengeStore(redis, `${prefix}otp:`),
    elevations: new RedisElevationStore(redis, `${prefix}elevations:`),
    pendingOperations: new RedisPendingOperationStore(redis, `${prefix}operations:`),
    providerSessions: new RedisProviderSessionStore(redis, `${prefix}provider-sessions:`),
    shared: true,
  };
  return {
    persistence: typeormPersistence(dataSource),
    stores,
    async close() {
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
      await redis.quit();
      const users = 'SELECT id FROM stepgate_users WHERE username = ANY($1)';
      for (const table of USER_TABLES) await dataSource.query(`DELETE FROM ${table} WHERE user_id IN (${users})`, [usernames]);
      await dataSource.query('DELETE FROM stepgate_users WHERE username = ANY($1)', [usernames]);
      await dataSource.destroy();
    },
  };
}
