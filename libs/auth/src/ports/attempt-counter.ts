/** A counter's value and when its window ends. */
export interface AttemptWindow {
  readonly count: number;
  readonly resetsAt: Date;
}

/**
 * Counts events per key inside a fixed window (failed sign-ins per account and per client). Shared
 * by every instance when backed by Redis, so limits hold across a fleet.
 */
export abstract class AttemptCounter {
  /** Adds one and returns the window after it; the first hit opens a window of `windowSeconds`. */
  abstract increment(key: string, windowSeconds: number, now: Date): Promise<AttemptWindow>;
  /** The current window, or undefined when none is open. */
  abstract peek(key: string, now: Date): Promise<AttemptWindow | undefined>;
  /**
   * Takes back one event of the window that ends at `resetsAt` (an attempt counted before its check
   * that turned out not to be a failure), atomically, never below zero. A later window of the key is
   * never credited: then nothing changes.
   */
  abstract decrement(key: string, resetsAt: Date, now: Date): Promise<void>;
  abstract reset(key: string): Promise<void>;
}
