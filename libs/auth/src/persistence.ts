import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import type { AuthPersistence, AuthStores } from './auth-module.options';
import { MemoryAttemptCounter } from './adapters/memory/memory-attempt-counter';
import { MemoryFlowStateStore } from './adapters/memory/memory-flow-state.store';
import { MemoryRefreshTokenRepository } from './adapters/memory/memory-refresh-token.repository';
import { MemorySessionRepository } from './adapters/memory/memory-session.repository';
import { MemoryUserAccountRepository } from './adapters/memory/memory-user-account.repository';
import { RedisAttemptCounter } from './adapters/redis/redis-attempt-counter';
import { RedisFlowStateStore } from './adapters/redis/redis-flow-state.store';
import { TypeormRefreshTokenRepository } from './adapters/typeorm/typeorm-refresh-token.repository';
import { TypeormSessionRepository } from './adapters/typeorm/typeorm-session.repository';
import { TypeormUserAccountRepository } from './adapters/typeorm/typeorm-user-account.repository';

/**
 * Keeps users, sessions and refresh tokens in this process's memory: for tests and throwaway demos.
 *
 * @example
 * AuthModule.forRoot({ signingKey, persistence: memoryPersistence() })
 */
export function memoryPersistence(): AuthPersistence {
  return {
    users: new MemoryUserAccountRepository(),
    sessions: new MemorySessionRepository(),
    refreshTokens: new MemoryRefreshTokenRepository(),
  };
}

/**
 * Keeps users, sessions and refresh tokens in the app's TypeORM database (PostgreSQL or SQLite). Add
 * `STEPGATE_ENTITIES` and `STEPGATE_MIGRATIONS` to that data source, or build its options with
 * `dataSourceOptionsFromUrl`.
 *
 * @example
 * AuthModule.forRootAsync({ inject: [DataSource], useFactory: (ds: DataSource) => ({ signingKey, persistence: typeormPersistence(ds) }) })
 */
export function typeormPersistence(dataSource: DataSource): AuthPersistence {
  return {
    users: new TypeormUserAccountRepository(dataSource),
    sessions: new TypeormSessionRepository(dataSource),
    refreshTokens: new TypeormRefreshTokenRepository(dataSource),
  };
}

/** Attempt counters and flow state in this process's memory: right for a single instance. */
export function memoryStores(): AuthStores {
  return { attempts: new MemoryAttemptCounter(), flows: new MemoryFlowStateStore() };
}

/**
 * Attempt counters and flow state in Redis, shared by every instance.
 *
 * @example
 * redisStores(new Redis(process.env.REDIS_URL))
 */
export function redisStores(redis: Redis): AuthStores {
  return { attempts: new RedisAttemptCounter(redis), flows: new RedisFlowStateStore(redis) };
}
