import type { RedisClient } from './redis-client';
import { AttemptCounter, AttemptWindow } from '../../ports/attempt-counter';

// One script, so a count and its window start together even when instances race. A window that
// ended by the caller's clock is dropped before counting, though Redis (on its own wall clock) may
// not have expired the key yet. PEXPIRETIME (Redis 7.0+) returns the stored end exactly, so every
// caller reports the same `resetsAt`, whatever the skew between its clock and Redis's.
const INCREMENT = `
local ends = redis.call('PEXPIRETIME', KEYS[1])
if ends >= 0 and ends <= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
  return {count, tonumber(ARGV[2])}
end
return {count, redis.call('PEXPIRETIME', KEYS[1])}
`;

// DECR keeps the key's expiry; comparing the stored end first means a window that ended and
// reopened in between is never credited.
const DECREMENT = `
if redis.call('PEXPIRETIME', KEYS[1]) ~= tonumber(ARGV[1]) then return 0 end
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1
`;

const PEEK = `
return {redis.call('GET', KEYS[1]), redis.call('PEXPIRETIME', KEYS[1])}
`;

/**
 * Fixed-window counters shared by every instance through Redis (7.0 or later).
 *
 * @default keyPrefix 'stepgate:attempts:'
 * @example
 * const counter = new RedisAttemptCounter(new Redis(process.env.REDIS_URL));
 * const window = await counter.increment(`login:${username}`, 900, clock.now());
 */
export class RedisAttemptCounter extends AttemptCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:attempts:',
  ) {
    super();
  }

  async increment(key: string, windowSeconds: number, now: Date): Promise<AttemptWindow> {
    const windowEnd = now.getTime() + windowSeconds * 1000;
    const [count, resetsAt] = (await this.redis.eval(INCREMENT, 1, this.keyOf(key), now.getTime(), windowEnd)) as [number, number];
    return { count, resetsAt: new Date(resetsAt) };
  }

  async peek(key: string, now: Date): Promise<AttemptWindow | undefined> {
    const [count, resetsAt] = (await this.redis.eval(PEEK, 1, this.keyOf(key))) as [string | null, number];
    if (count === null || resetsAt < 0 || resetsAt <= now.getTime()) return undefined;
    return { count: Number(count), resetsAt: new Date(resetsAt) };
  }

  async decrement(key: string, resetsAt: Date): Promise<void> {
    await this.redis.eval(DECREMENT, 1, this.keyOf(key), resetsAt.getTime());
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.keyPrefix}${key}`;
  }
}
