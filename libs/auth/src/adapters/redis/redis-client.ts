/**
 * The commands the Redis adapters send, as `ioredis`'s `Redis` and `Cluster` both offer them. Typed
 * here rather than imported so that an app without Redis installs no `ioredis`, and so that any
 * client with these methods (a wrapper that adds metrics, say) can be passed.
 */
export interface RedisClient {
  eval(script: string, numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  set(key: string, value: string, expiryMode: 'PX', milliseconds: number, condition: 'NX'): Promise<'OK' | null>;
  exists(...keys: string[]): Promise<number>;
  del(...keys: string[]): Promise<number>;
}

/**
 * How long a key must live for an entry that expires at `expiresAt`, sent to Redis as a duration.
 * At least a second: an entry already expired by the caller's clock must still replace the one
 * before it (Redis refuses a zero or negative TTL outright), and reads then answer "expired".
 */
export function keyLifetimeMs(expiresAt: Date, now: Date): number {
  return Math.max(1_000, expiresAt.getTime() - now.getTime());
}
