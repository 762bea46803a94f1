import type { RedisClient } from './redis-client';
import { FlowStateStore } from '../../ports/flow-state-store';

// The count and its expiry start together in one script, so a crash or a racing instance can never
// leave a counter that lives forever.
const COUNT_ATTEMPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/**
 * Kept for an entry whose `expiresAt` has already passed by the caller's clock: a consume marker
 * must still refuse a second use (Redis refuses a zero or negative TTL outright).
 */
const MIN_TTL_MS = 1_000;

/**
 * Flow state shared by every instance through Redis (6.2 or later).
 *
 * Lifetimes are sent as durations measured on the caller's clock (`expiresAt - now`), not as
 * absolute times: `SET ... PXAT` with a time that Redis's own clock already sees as past answers
 * OK without storing anything, so a Redis clock running ahead of the instances' would let every
 * consume of one flow succeed.
 *
 * @default keyPrefix 'stepgate:flows:'
 * @example
 * const flows = new RedisFlowStateStore(new Redis(process.env.REDIS_URL));
 * if (!(await flows.consume(`token:${jti}`, flow.expiresAt, clock.now()))) throw new FlowExpiredError();
 */
export class RedisFlowStateStore extends FlowStateStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:flows:',
  ) {
    super();
  }

  /** `SET NX` is the check and the write in one command: of racing instances exactly one gets OK. */
  async consume(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const answer = await this.redis.set(`${this.keyPrefix}consumed:${key}`, '1', 'PX', ttlMs(expiresAt, now), 'NX');
    return answer === 'OK';
  }

  async isConsumed(key: string): Promise<boolean> {
    return (await this.redis.exists(`${this.keyPrefix}consumed:${key}`)) === 1;
  }

  async countAttempt(key: string, expiresAt: Date, now: Date): Promise<number> {
    return (await this.redis.eval(COUNT_ATTEMPT, 1, `${this.keyPrefix}attempts:${key}`, ttlMs(expiresAt, now))) as number;
  }
}

function ttlMs(expiresAt: Date, now: Date): number {
  const remaining = expiresAt.getTime() - now.getTime();
  return remaining > 0 ? remaining : MIN_TTL_MS;
}
