import { attemptCounterContract, elevationStoreContract, flowStateStoreContract, otpChallengeStoreContract, pendingOperationStoreContract, providerSessionStoreContract, uniqueTag } from '@stepgate/auth/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAttemptCounter, RedisElevationStore, RedisFlowStateStore, RedisOtpChallengeStore, RedisPendingOperationStore, RedisProviderSessionStore } from '@stepgate/auth';
import { connectRedis } from '../e2e/support/services';

// Per run, so parallel or repeated runs against one server never count each other's attempts.
const runPrefix = `stepgate-test:${uniqueTag()}:`;

let redis: Redis;

// Fails, never skips, without a server.
beforeAll(async () => {
  redis = await connectRedis();
});

afterAll(async () => {
  if (redis?.status !== 'ready') return;
  for await (const keys of redis.scanStream({ match: `${runPrefix}*`, count: 500 })) {
    if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
  await redis.quit();
});

attemptCounterContract('redis', async () => ({ counter: new RedisAttemptCounter(redis, `${runPrefix}attempts:`), close: async () => {} }));
flowStateStoreContract('redis', async () => ({ store: new RedisFlowStateStore(redis, `${runPrefix}flows:`), close: async () => {} }));
// Parallel submissions from several instances meet here: only the one consume script keeps a code
// to one use and the attempts to their cap.
otpChallengeStoreContract('redis', async () => ({ store: new RedisOtpChallengeStore(redis, `${runPrefix}otp:`), close: async () => {} }));
// Grants and spends of one elevation from several instances meet here: the scripts keep a pending
// operation to one grant and a one-shot elevation to one use.
elevationStoreContract('redis', async () => ({ store: new RedisElevationStore(redis, `${runPrefix}elevations:`), close: async () => {} }));
// Validations and resumes of one operation from several instances meet here: only the one advance
// script grants it once and resumes it once.
pendingOperationStoreContract('redis', async () => ({ store: new RedisPendingOperationStore(redis, `${runPrefix}operations:`), close: async () => {} }));
// A logout and a revocation of one session on two instances meet here: one take gets the link.
providerSessionStoreContract('redis', async () => ({ store: new RedisProviderSessionStore(redis, `${runPrefix}provider-sessions:`), close: async () => {} }));

// The contract decides expiry by the caller's clock, which a store without key lifetimes passes
// too; Redis must also drop the session's hash by itself, or abandoned elevations pile up.
describe('RedisElevationStore key lifetime', () => {
  it('gives a session’s hash the lifetime of its longest elevation, never none', async () => {
    const store = new RedisElevationStore(redis, `${runPrefix}elevations:`);
    const sessionId = `session-${uniqueTag()}`;
    const now = new Date();
    const grant = (operation: string, seconds: number) =>
      store.grant({ userId: 'u', sessionId, operation, operationId: uniqueTag(), grantedAt: now, expiresAt: new Date(now.getTime() + seconds * 1000), oneShot: false }, now);
    await grant('transfer_funds', 300);
    await grant('export_report', 60);
    const ttl = await redis.pttl(`${runPrefix}elevations:${sessionId}`);
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
  });
});

// Here too the contract cannot tell a key that never expires from one that does: an advance that
// rewrote the key without a lifetime would keep every settled operation forever.
describe('RedisPendingOperationStore key lifetime', () => {
  it('keeps the lifetime through an advance without a new expiry, and takes a new expiry when given one', async () => {
    const store = new RedisPendingOperationStore(redis, `${runPrefix}operations:`);
    const now = new Date();
    const id = uniqueTag();
    await store.create(
      { id, userId: 'u', sessionId: 's', operation: 'export_report', requestedAt: now, expiresAt: new Date(now.getTime() + 300_000), state: 'pending', elevationSeconds: 300, oneShot: true, methods: ['totp'] },
      now,
    );
    await store.advance(id, 'pending', { state: 'granted' }, now);
    const kept = await redis.pttl(`${runPrefix}operations:${id}`);
    expect(kept).toBeGreaterThan(290_000);
    expect(kept).toBeLessThanOrEqual(300_000);
    await store.advance(id, 'granted', { state: 'running', expiresAt: new Date(now.getTime() + 3_600_000) }, now);
    expect(await redis.pttl(`${runPrefix}operations:${id}`)).toBeGreaterThan(3_590_000);
  });
});
