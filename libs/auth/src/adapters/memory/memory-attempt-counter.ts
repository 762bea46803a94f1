import { AttemptCounter, AttemptWindow } from '../../ports/attempt-counter';

interface OpenWindow {
  count: number;
  resetsAt: number;
}

/**
 * How many stored windows each call inspects for expiry. More than one per call, so sweeping
 * outpaces the one window a call can add: an attacker spraying fresh keys (one per guessed
 * username) cannot make the map grow without bound, and no call does more than this much work.
 */
const SWEEP_BATCH = 64;

/**
 * Fixed-window counters in this process. Only for a single instance: limits are not shared across
 * a fleet (use `RedisAttemptCounter` there).
 */
export class MemoryAttemptCounter extends AttemptCounter {
  private readonly windows = new Map<string, OpenWindow>();
  private cursor: MapIterator<[string, OpenWindow]> = this.windows.entries();

  /** Windows held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.windows.size;
  }

  async increment(key: string, windowSeconds: number, now: Date): Promise<AttemptWindow> {
    this.sweep(now.getTime());
    const open = this.openWindow(key, now.getTime());
    const window = open
      ? { count: open.count + 1, resetsAt: open.resetsAt }
      : { count: 1, resetsAt: now.getTime() + windowSeconds * 1000 };
    this.windows.set(key, window);
    return toAttemptWindow(window);
  }

  async peek(key: string, now: Date): Promise<AttemptWindow | undefined> {
    this.sweep(now.getTime());
    const open = this.openWindow(key, now.getTime());
    return open && toAttemptWindow(open);
  }

  async decrement(key: string, resetsAt: Date, now: Date): Promise<void> {
    const open = this.openWindow(key, now.getTime());
    if (open && open.resetsAt === resetsAt.getTime() && open.count > 0) open.count--;
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private openWindow(key: string, now: number): OpenWindow | undefined {
    const window = this.windows.get(key);
    if (window && window.resetsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  // Map iterators stay valid across deletes and see later inserts, so one cursor walks the map
  // round and round, a batch per call.
  private sweep(now: number): void {
    for (let inspected = 0; inspected < SWEEP_BATCH; inspected++) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = this.windows.entries();
        return;
      }
      const [key, window] = next.value;
      if (window.resetsAt <= now) this.windows.delete(key);
    }
  }
}

function toAttemptWindow(window: OpenWindow): AttemptWindow {
  return { count: window.count, resetsAt: new Date(window.resetsAt) };
}
