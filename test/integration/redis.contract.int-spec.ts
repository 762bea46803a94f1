import { attemptCounterContract, flowStateStoreContract, uniqueTag } from '@stepgate/auth/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisAttemptCounter } from '../../libs/auth/src/adapters/redis/redis-attempt-counter';
import { RedisFlowStateStore } from '../../libs/auth/src/adapters/redis/redis-flow-state.store';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Per run, so parallel or repeated runs against one server never count each other's attempts.
const runPrefix = `stepgate-test:${uniqueTag()}:`;

let redis: Redis;

// Fails, never skips, without a server: no retries and no offline queue, so the error surfaces here.
beforeAll(async () => {
  redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // connect() rejects with a bare "Connection is closed"; the reason (ECONNREFUSED...) comes as an event.
  let reason: unknown;
  redis.on('error', (error) => (reason = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${url.replace(/\/\/[^@/]*@/, '//***@')} is not answering; start it with \`bash scripts/services.sh\``, { cause: reason ?? error });
  }
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
