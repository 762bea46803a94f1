import { FlowStateStore } from '../../ports/flow-state-store';

interface Entry {
  count: number;
  expiresAt: number;
}

/**
 * How many entries each write inspects for expiry. More than one, so sweeping outpaces the one
 * entry a write can add: a client replaying fresh flows cannot make the map grow for long.
 */
const SWEEP_BATCH = 64;

/** Below this many entries a full sweep is not worth its cost. */
const MIN_FULL_SWEEP_SIZE = 1_024;

/**
 * How long an entry whose `expiresAt` has already passed is kept: a consume marker must still
 * refuse a second use. `RedisFlowStateStore` applies the same floor, so both adapters agree.
 */
const MIN_TTL_MS = 1_000;

/**
 * Flow state in this process. Only for a single instance: a flow whose next step lands on another
 * instance would not be seen there (use `RedisFlowStateStore`). Every method decides and writes
 * before its first await, so the event loop cannot interleave two calls and each is atomic.
 */
export class MemoryFlowStateStore extends FlowStateStore {
  // Consume markers and attempt counters share one map (one sweep), under prefixes that keep a
  // marker and a counter of the same key apart.
  private readonly entries = new Map<string, Entry>();
  // Insertion order is age order, so one cursor walking the map round and round looks at the
  // oldest entries first. Map iterators stay valid across deletes and see later inserts.
  private cursor: MapIterator<[string, Entry]> = this.entries.entries();
  private sizeAfterFullSweep = 0;

  /** Entries held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  async consume(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const at = now.getTime();
    this.sweep(at);
    const stored = `consumed:${key}`;
    if (this.live(stored, at)) return false;
    this.entries.set(stored, { count: 1, expiresAt: keptUntil(expiresAt, at) });
    return true;
  }

  async isConsumed(key: string, now: Date): Promise<boolean> {
    return this.live(`consumed:${key}`, now.getTime()) !== undefined;
  }

  async countAttempt(key: string, expiresAt: Date, now: Date): Promise<number> {
    const at = now.getTime();
    this.sweep(at);
    const stored = `attempts:${key}`;
    const entry = this.live(stored, at);
    if (entry) {
      entry.count += 1;
      return entry.count;
    }
    this.entries.set(stored, { count: 1, expiresAt: keptUntil(expiresAt, at) });
    return 1;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  // Incremental sweeping alone can stall behind long-lived entries; a full pass whenever the map
  // has doubled since the last one bounds it to about twice the live entries, at O(1) amortized.
  private sweep(now: number): void {
    if (this.entries.size >= Math.max(MIN_FULL_SWEEP_SIZE, 2 * this.sizeAfterFullSweep)) {
      for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
      this.sizeAfterFullSweep = this.entries.size;
      this.cursor = this.entries.entries();
      return;
    }
    for (let inspected = 0; inspected < SWEEP_BATCH; inspected++) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = this.entries.entries();
        return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

function keptUntil(expiresAt: Date, now: number): number {
  return expiresAt.getTime() > now ? expiresAt.getTime() : now + MIN_TTL_MS;
}
