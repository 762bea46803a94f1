/** The queue of a `ConcurrencyLimit` is full: the task was refused without running. */
export class QueueFullError extends Error {
  constructor() {
    super('Too many tasks are waiting');
    this.name = 'QueueFullError';
  }
}

/**
 * Lets at most `limit` tasks run at once; up to `maxQueued` more wait in arrival order, and the
 * rest are refused at once with `QueueFullError`. Unbounded hashing would take every core from the
 * event loop and stall every guarded request behind a burst of sign-ins; and an unbounded queue
 * would make every sign-in wait behind the burst for seconds.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly maxQueued = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('ConcurrencyLimit needs a positive integer');
    if (!(maxQueued >= 0)) throw new Error('ConcurrencyLimit needs a queue bound of 0 or more');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.maxQueued) throw new QueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
