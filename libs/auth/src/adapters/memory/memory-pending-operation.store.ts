import type { OperationState, PendingOperation } from '../../domain/pending-operation';
import { type OperationChange, PendingOperationStore } from '../../ports/pending-operation-store';
import { ExpirySweeper } from './expiry-sweeper';

const isLive = (operation: PendingOperation, now: Date) => operation.expiresAt.getTime() > now.getTime();

/**
 * Pending operations of one process: for a single instance (use `RedisPendingOperationStore` for
 * several). `advance` decides and writes before its first await, so the event loop cannot
 * interleave two calls and each compare-and-set is atomic. Expired operations are swept as the
 * store is written to.
 *
 * @example
 * const operations = new MemoryPendingOperationStore();
 * const granted = await operations.advance(operationId, 'pending', { state: 'granted' }, clock.now());
 */
export class MemoryPendingOperationStore extends PendingOperationStore {
  private readonly entries = new Map<string, PendingOperation>();
  private readonly sweeper = new ExpirySweeper(this.entries, (entry) => entry.expiresAt.getTime());

  // A live id is refused, not replaced: its owner would otherwise find someone else's operation
  // under the id it was given. An expired one is gone for every reader already.
  async create(operation: PendingOperation, now: Date): Promise<void> {
    this.sweeper.sweep(now.getTime());
    const held = this.entries.get(operation.id);
    if (held && isLive(held, now)) throw new Error(`A pending operation with id ${operation.id} already exists`);
    this.entries.delete(operation.id);
    this.entries.set(operation.id, copyOf(operation));
  }

  async find(id: string, now: Date): Promise<PendingOperation | undefined> {
    const held = this.entries.get(id);
    return held && isLive(held, now) ? copyOf(held) : undefined;
  }

  async advance(id: string, from: OperationState, change: OperationChange, now: Date): Promise<PendingOperation | undefined> {
    this.sweeper.sweep(now.getTime());
    const held = this.entries.get(id);
    if (!held || !isLive(held, now) || held.state !== from) return undefined;
    const next = copyOf({ ...held, ...changedFields(change) });
    this.entries.set(id, next);
    return copyOf(next);
  }
}

// Only the fields the change gives: spreading `{ result: undefined }` would erase a stored result.
function changedFields({ state, expiresAt, result, error }: OperationChange): Partial<PendingOperation> {
  return {
    state,
    ...(expiresAt !== undefined && { expiresAt }),
    ...(result !== undefined && { result }),
    ...(error !== undefined && { error }),
  };
}

// Copies in and out: Dates, the methods, a command's payload and a result are mutable, and neither
// the caller's objects nor a reader's may change what is stored. Payload and result go through
// JSON, as they do in Redis, so that what an app sees in its tests on memory is what it sees in
// production.
function copyOf(operation: PendingOperation): PendingOperation {
  const { command, result, ...fields } = operation;
  return {
    ...fields,
    requestedAt: new Date(operation.requestedAt.getTime()),
    expiresAt: new Date(operation.expiresAt.getTime()),
    methods: [...operation.methods],
    ...(command !== undefined && { command: { name: command.name, payload: viaJson(command.payload) } }),
    ...(result !== undefined && { result: viaJson(result) }),
  };
}

const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
