import type { AuthPersistence, AuthStores } from './auth-module.options';
import { MemoryAttemptCounter } from './adapters/memory/memory-attempt-counter';
import { MemoryFlowStateStore } from './adapters/memory/memory-flow-state.store';
import { MemoryElevationStore } from './adapters/memory/memory-elevation.store';
import { MemoryPendingOperationStore } from './adapters/memory/memory-pending-operation.store';
import { MemoryOtpChallengeStore } from './adapters/memory/memory-otp-challenge.store';
import { MemoryProviderSessionStore } from './adapters/memory/memory-provider-session.store';
import { MemoryRecoveryCodeRepository } from './adapters/memory/memory-recovery-code.repository';
import { MemoryRefreshTokenRepository } from './adapters/memory/memory-refresh-token.repository';
import { MemorySessionRepository } from './adapters/memory/memory-session.repository';
import { MemoryTotpEnrollmentRepository } from './adapters/memory/memory-totp-enrollment.repository';
import { MemoryUserAccountRepository } from './adapters/memory/memory-user-account.repository';
import { RedisAttemptCounter } from './adapters/redis/redis-attempt-counter';
import { RedisFlowStateStore } from './adapters/redis/redis-flow-state.store';
import { RedisElevationStore } from './adapters/redis/redis-elevation.store';
import { RedisPendingOperationStore } from './adapters/redis/redis-pending-operation.store';
import { RedisOtpChallengeStore } from './adapters/redis/redis-otp-challenge.store';
import { RedisProviderSessionStore } from './adapters/redis/redis-provider-session.store';
import type { RedisClient } from './adapters/redis/redis-client';

/**
 * Keeps users, sessions, refresh tokens, TOTP enrolments and recovery codes in this process's
 * memory: for tests and throwaway demos.
 *
 * @example
 * AuthModule.forRoot({ signingKey, persistence: memoryPersistence() })
 */
export function memoryPersistence(): AuthPersistence {
  return {
    users: new MemoryUserAccountRepository(),
    sessions: new MemorySessionRepository(),
    refreshTokens: new MemoryRefreshTokenRepository(),
    totpEnrollments: new MemoryTotpEnrollmentRepository(),
    recoveryCodes: new MemoryRecoveryCodeRepository(),
    shared: false,
  };
}

/** Attempt counters, flow state, OTP challenges, elevations, pending step-up operations and provider-session links in this process's memory: right for a single instance. */
export function memoryStores(): AuthStores {
  return { attempts: new MemoryAttemptCounter(), flows: new MemoryFlowStateStore(), otpChallenges: new MemoryOtpChallengeStore(), elevations: new MemoryElevationStore(), pendingOperations: new MemoryPendingOperationStore(), providerSessions: new MemoryProviderSessionStore(), shared: false };
}

/**
 * Attempt counters, flow state, OTP challenges, step-up elevations, pending operations and provider-session links in Redis, shared by
 * every instance. Takes an
 * `ioredis` client (a `Redis` or a `Cluster`); the module itself never loads `ioredis`.
 *
 * @example
 * redisStores(new Redis(process.env.REDIS_URL))
 */
export function redisStores(redis: RedisClient): AuthStores {
  return { attempts: new RedisAttemptCounter(redis), flows: new RedisFlowStateStore(redis), otpChallenges: new RedisOtpChallengeStore(redis), elevations: new RedisElevationStore(redis), pendingOperations: new RedisPendingOperationStore(redis), providerSessions: new RedisProviderSessionStore(redis), shared: true };
}
