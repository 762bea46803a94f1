import { AttemptCounter, AttemptWindow } from '../../ports/attempt-counter';
import { ExpirySweeper } from './expiry-sweeper';

interface OpenWindow {
  count: number;
  resetsAt: number;
}

/**
 * Fixed-window counters in this process. Only for a single instance: limits are not shared across
 * a fleet (use `RedisAttemptCounter` there).
 */
export class MemoryAttemptCounter extends AttemptCounter {
  private readonly windows = new Map<string, OpenWindow>();
  // An attacker spraying fresh keys (one per guessed username) must not make the map grow without bound.
  private readonly sweeper = new ExpirySweeper(this.windows, (window) => window.resetsAt);

  /** Windows held in memory, expired ones not yet swept included. */
  get size(): number {
    return this.windows.size;
  }

  async increment(key: string, windowSeconds: number, now: Date): Promise<AttemptWindow> {
    this.sweeper.sweep(now.getTime());
    const open = this.openWindow(key, now.getTime());
    const window = open
      ? { count: open.count + 1, resetsAt: open.resetsAt }
      : { count: 1, resetsAt: now.getTime() + windowSeconds * 1000 };
    this.windows.set(key, window);
    return toAttemptWindow(window);
  }

  async peek(key: string, now: Date): Promise<AttemptWindow | undefined> {
    this.sweeper.sweep(now.getTime());
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
}

function toAttemptWindow(window: OpenWindow): AttemptWindow {
  return { count: window.count, resetsAt: new Date(window.resetsAt) };
}
