import { keyLifetimeMs, type RedisClient } from './redis-client';
import type { OperationState, PendingOperation } from '../../domain/pending-operation';
import { type OperationChange, PendingOperationStore } from '../../ports/pending-operation-store';

/** What no transition changes, requested time as epoch milliseconds. */
type FixedFields = Omit<PendingOperation, 'requestedAt' | 'expiresAt' | 'state' | 'result' | 'error'> & { readonly requestedAt: number };

/**
 * An operation as its key holds it. The script decodes and re-encodes it with cjson, which writes
 * an empty array as `{}` and numbers to 14 significant digits, so it sees only what it compares or
 * sets: the state, the expiry in epoch milliseconds and strings. Everything else (the methods, the
 * command, the result) is JSON of its own, encoded and decoded here, and opaque to Lua.
 */
interface StoredOperation {
  readonly state: OperationState;
  readonly expiresAt: number;
  readonly fixedJson: string;
  readonly resultJson?: string;
  readonly error?: string;
}

// The compare-and-set in one script, so of parallel callers from any instance exactly one moves
// the operation on. Expiry is decided by the caller's clock (ARGV[1]), never by Redis's. A new
// expiry brings a new key lifetime (ARGV[4], a duration; 0 when the change gives none); without
// one the key keeps what it had left, as a plain SET would not, so no operation lives forever.
const ADVANCE = `
local held = redis.call('GET', KEYS[1])
if not held then return false end
local operation = cjson.decode(held)
if operation.expiresAt <= tonumber(ARGV[1]) or operation.state ~= ARGV[2] then return false end
for field, value in pairs(cjson.decode(ARGV[3])) do operation[field] = value end
local updated = cjson.encode(operation)
local ttl = tonumber(ARGV[4])
if ttl > 0 then redis.call('SET', KEYS[1], updated, 'PX', ttl) else redis.call('SET', KEYS[1], updated, 'KEEPTTL') end
return updated
`;

const FIND = `return redis.call('GET', KEYS[1])`;

/**
 * Pending operations shared by every instance through Redis (6.0 or later): one string key per
 * operation holding it as JSON, which disappears at its expiry (at least a second on, see
 * `keyLifetimeMs`). Expiry is decided by the caller's `now`; the key's lifetime is sent as a
 * duration, so neither Redis's wall clock nor this instance's decides what is live.
 *
 * @default keyPrefix 'stepgate:operation:'
 * @example
 * const operations = new RedisPendingOperationStore(new Redis(process.env.REDIS_URL));
 * const granted = await operations.advance(operationId, 'pending', { state: 'granted' }, clock.now());
 */
export class RedisPendingOperationStore extends PendingOperationStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix = 'stepgate:operation:',
  ) {
    super();
  }

  // `SET NX`: an id already held is refused, never overwritten, even by a racing instance.
  async create(operation: PendingOperation, now: Date): Promise<void> {
    const created = await this.redis.set(this.keyOf(operation.id), JSON.stringify(storedOf(operation)), 'PX', keyLifetimeMs(operation.expiresAt, now), 'NX');
    if (created !== 'OK') throw new Error(`A pending operation with id ${operation.id} already exists`);
  }

  async find(id: string, now: Date): Promise<PendingOperation | undefined> {
    const held = await this.redis.eval(FIND, 1, this.keyOf(id));
    if (typeof held !== 'string') return undefined;
    const operation = operationOf(held);
    return operation.expiresAt.getTime() > now.getTime() ? operation : undefined;
  }

  async advance(id: string, from: OperationState, change: OperationChange, now: Date): Promise<PendingOperation | undefined> {
    const ttl = change.expiresAt ? keyLifetimeMs(change.expiresAt, now) : 0;
    const updated = await this.redis.eval(ADVANCE, 1, this.keyOf(id), now.getTime(), from, JSON.stringify(storedChangeOf(change)), ttl);
    return typeof updated === 'string' ? operationOf(updated) : undefined;
  }

  private keyOf(id: string): string {
    return `${this.keyPrefix}${id}`;
  }
}

function storedOf({ requestedAt, expiresAt, state, result, error, ...fixed }: PendingOperation): StoredOperation {
  const fixedFields: FixedFields = { ...fixed, requestedAt: requestedAt.getTime() };
  return { ...storedChangeOf({ state, expiresAt, result, error }), expiresAt: expiresAt.getTime(), fixedJson: JSON.stringify(fixedFields) };
}

// Only the fields the change gives: the script copies every field it is sent over the stored ones.
function storedChangeOf({ state, expiresAt, result, error }: OperationChange): Pick<StoredOperation, 'state'> & Partial<StoredOperation> {
  return {
    state,
    ...(expiresAt !== undefined && { expiresAt: expiresAt.getTime() }),
    ...(result !== undefined && { resultJson: JSON.stringify(result) }),
    ...(error !== undefined && { error }),
  };
}

function operationOf(json: string): PendingOperation {
  const { state, expiresAt, fixedJson, resultJson, error } = JSON.parse(json) as StoredOperation;
  const { requestedAt, ...fixed } = JSON.parse(fixedJson) as FixedFields;
  return {
    ...fixed,
    requestedAt: new Date(requestedAt),
    expiresAt: new Date(expiresAt),
    state,
    ...(resultJson !== undefined && { result: JSON.parse(resultJson) as unknown }),
    ...(error !== undefined && { error }),
  };
}
