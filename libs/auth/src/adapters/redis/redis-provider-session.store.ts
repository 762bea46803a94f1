import { keyLifetimeMs, type RedisClient } from './redis-client';
import { type ProviderSessionLink, ProviderSessionStore } from '../../ports/provider-session-store';

// Each script touches one key, so the store works on a Redis Cluster too: the link under its module
// session, and a hash per provider session (field: module session, value: the link's expiry).
// Answers the link it replaces, so its entry in the other provider session's index goes too.
const LINK = `
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return previous
`;

const INDEX = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local ttl = tonumber(ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

// Read and delete in one step: of parallel takers exactly one gets the link.
const TAKE = `
local held = redis.call('GET', KEYS[1])
if held then redis.call('DEL', KEYS[1]) end
return held
`;

const UNINDEX = `return redis.call('HDEL', KEYS[1], ARGV[1])`;
const INDEXED = `return redis.call('HGETALL', KEYS[1])`;

/**
 * Provider-session links shared by every instance through Redis. The reverse index may name a
 * module session whose link was taken a moment ago: ending that session again is harmless.
 *
 * @default keyPrefix 'stepgate:provider-session:'
 */
export class RedisProviderSessionStore extends ProviderSessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:provider-session:',
  ) {
    super();
  }

  async link(link: ProviderSessionLink, now: Date): Promise<void> {
    const ttl = keyLifetimeMs(link.expiresAt, now);
    const value = JSON.stringify({ providerSessionId: link.providerSessionId, handle: link.handle, expiresAt: link.expiresAt.getTime() });
    const previous = await this.redis.eval(LINK, 1, this.sessionKey(link.sessionId), value, ttl);
    const replaced = typeof previous === 'string' ? (JSON.parse(previous) as { providerSessionId: string }).providerSessionId : undefined;
    if (replaced !== undefined && replaced !== link.providerSessionId) await this.redis.eval(UNINDEX, 1, this.providerKey(replaced), link.sessionId);
    await this.redis.eval(INDEX, 1, this.providerKey(link.providerSessionId), link.sessionId, link.expiresAt.getTime(), ttl);
  }

  async take(sessionId: string, now: Date): Promise<ProviderSessionLink | undefined> {
    const held = await this.redis.eval(TAKE, 1, this.sessionKey(sessionId));
    if (typeof held !== 'string') return undefined;
    const { providerSessionId, handle, expiresAt } = JSON.parse(held) as { providerSessionId: string; handle: string; expiresAt: number };
    await this.redis.eval(UNINDEX, 1, this.providerKey(providerSessionId), sessionId);
    if (expiresAt <= now.getTime()) return undefined;
    return { sessionId, providerSessionId, handle, expiresAt: new Date(expiresAt) };
  }

  async sessionsOf(providerSessionId: string, now: Date): Promise<string[]> {
    const flat = await this.redis.eval(INDEXED, 1, this.providerKey(providerSessionId));
    const sessions: string[] = [];
    if (!Array.isArray(flat)) return sessions;
    for (let index = 0; index + 1 < flat.length; index += 2) {
      if (Number(flat[index + 1]) > now.getTime()) sessions.push(String(flat[index]));
    }
    return sessions;
  }

  private sessionKey(sessionId: string): string {
    return `${this.keyPrefix}session:${sessionId}`;
  }

  private providerKey(providerSessionId: string): string {
    return `${this.keyPrefix}provider:${providerSessionId}`;
  }
}
