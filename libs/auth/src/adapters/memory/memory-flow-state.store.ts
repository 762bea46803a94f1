import { FlowStateStore } from '../../ports/flow-state-store';
import { ExpirySweeper } from './expiry-sweeper';

interface Entry {
  count: number;
  expiresAt: number;
}

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
  private readonly sweeper = new ExpirySweeper(this.entries, (entry) => entry.expiresAt);

  /** Entries held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size;
  }

  async consume(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const at = now.getTime();
    this.sweeper.sweep(at);
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
    this.sweeper.sweep(at);
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
}

function keptUntil(expiresAt: Date, now: number): number {
  return expiresAt.getTime() > now ? expiresAt.getTime() : now + MIN_TTL_MS;
}
