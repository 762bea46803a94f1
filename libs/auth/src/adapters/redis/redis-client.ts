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
