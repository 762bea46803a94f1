import { keyLifetimeMs, type RedisClient } from './redis-client';
import type { Elevation, ElevationKey } from '../../domain/elevation';
import { ElevationStore } from '../../ports/elevation-store';

// One hash per session (so a revocation is one DEL), one field per user and operation, the value
// the elevation as JSON. Expiry is decided by the caller's clock (ARGV[2]); the key lives as long
// as its longest elevation, sent as a duration.
const GRANT = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if held then
  local elevation = cjson.decode(held)
  if elevation.operationId == ARGV[3] and elevation.expiresAt > tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
local ttl = tonumber(ARGV[5])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

// Read and delete in one script: of parallel spenders exactly one sees the live elevation.
const SPEND = `
local held = redis.call('HGET', KEYS[1], ARGV[1])
if not held then return 0 end
local elevation = cjson.decode(held)
if ARGV[3] ~= '' and elevation.operationId ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if elevation.expiresAt > tonumber(ARGV[2]) then return 1 end
return 0
`;

const FIND = `return redis.call('HGET', KEYS[1], ARGV[1])`;

/**
 * Elevations shared by every instance through Redis: one hash per session, which disappears with
 * the longest of its elevations or at the session's revocation.
 *
 * @default keyPrefix 'stepgate:elevation:'
 * @example
 * const elevations = new RedisElevationStore(new Redis(process.env.REDIS_URL));
 */
export class RedisElevationStore extends ElevationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:elevation:',
  ) {
    super();
  }

  async grant(elevation: Elevation, now: Date): Promise<boolean> {
    const value = JSON.stringify({ operationId: elevation.operationId, expiresAt: elevation.expiresAt.getTime(), grantedAt: elevation.grantedAt.getTime(), oneShot: elevation.oneShot });
    const ttl = keyLifetimeMs(elevation.expiresAt, now);
    const granted = await this.redis.eval(GRANT, 1, this.keyOf(elevation.sessionId), fieldOf(elevation), now.getTime(), elevation.operationId, value, ttl);
    return Number(granted) === 1;
  }

  async find(key: ElevationKey, now: Date): Promise<Elevation | undefined> {
    const held = await this.redis.eval(FIND, 1, this.keyOf(key.sessionId), fieldOf(key));
    if (typeof held !== 'string') return undefined;
    const { operationId, expiresAt, grantedAt, oneShot } = JSON.parse(held) as { operationId: string; expiresAt: number; grantedAt: number; oneShot: boolean };
    if (expiresAt <= now.getTime()) return undefined;
    return { ...pick(key), operationId, expiresAt: new Date(expiresAt), grantedAt: new Date(grantedAt), oneShot };
  }

  async spend(key: ElevationKey, now: Date, operationId?: string): Promise<boolean> {
    return Number(await this.redis.eval(SPEND, 1, this.keyOf(key.sessionId), fieldOf(key), now.getTime(), operationId ?? '')) === 1;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.del(this.keyOf(sessionId));
  }

  private keyOf(sessionId: string): string {
    return `${this.keyPrefix}${sessionId}`;
  }
}

const fieldOf = ({ userId, operation }: ElevationKey) => JSON.stringify([userId, operation]);
const pick = ({ userId, sessionId, operation }: ElevationKey): ElevationKey => ({ userId, sessionId, operation });
