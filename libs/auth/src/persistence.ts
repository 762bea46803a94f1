import type { AuthPersistence, AuthStores } from './auth-module.options';
import { MemoryAttemptCounter } from './adapters/memory/memory-attempt-counter';
import { MemoryFlowStateStore } from './adapters/memory/memory-flow-state.store';
import { MemoryRefreshTokenRepository } from './adapters/memory/memory-refresh-token.repository';
import { MemorySessionRepository } from './adapters/memory/memory-session.repository';
import { MemoryUserAccountRepository } from './adapters/memory/memory-user-account.repository';
import { RedisAttemptCounter } from './adapters/redis/redis-attempt-counter';
import { RedisFlowStateStore } from './adapters/redis/redis-flow-state.store';
import type { RedisClient } from './adapters/redis/redis-client';

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
    shared: false,
  };
}

/** Attempt counters and flow state in this process's memory: right for a single instance. */
export function memoryStores(): AuthStores {
  return { attempts: new MemoryAttemptCounter(), flows: new MemoryFlowStateStore(), shared: false };
}

/**
 * Attempt counters and flow state in Redis, shared by every instance. Takes an `ioredis` client (a
 * `Redis` or a `Cluster`); the module itself never loads `ioredis`.
 *
 * @example
 * redisStores(new Redis(process.env.REDIS_URL))
 */
export function redisStores(redis: RedisClient): AuthStores {
  return { attempts: new RedisAttemptCounter(redis), flows: new RedisFlowStateStore(redis), shared: true };
}
