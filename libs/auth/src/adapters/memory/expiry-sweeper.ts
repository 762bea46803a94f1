/**
 * How many entries each write inspects for expiry. More than one, so sweeping outpaces the one
 * entry a write can add: a client starting flow after flow cannot make the map grow for long.
 */
const SWEEP_BATCH = 64;

/** Below this many entries a full sweep is not worth its cost. */
const MIN_FULL_SWEEP_SIZE = 1_024;

/**
 * Drops the expired entries of a map as it is written to, so abandoned entries cannot pile up.
 * Insertion order is age order, so one cursor walking the map round and round looks at the oldest
 * entries first (Map iterators stay valid across deletes and see later inserts). Incremental
 * sweeping alone can stall behind long-lived entries, so a full pass runs whenever the map has
 * doubled since the last one: about twice the live entries at most, at O(1) amortized per write.
 */
export class ExpirySweeper<V> {
  private cursor: MapIterator<[string, V]>;
  private sizeAfterFullSweep = 0;

  constructor(
    private readonly entries: Map<string, V>,
    private readonly expiresAtOf: (entry: V) => number,
  ) {
    this.cursor = entries.entries();
  }

  /** Inspects a batch of entries (or all of them, see above) and deletes those expired by `now` (ms). */
  sweep(now: number): void {
    if (this.entries.size >= Math.max(MIN_FULL_SWEEP_SIZE, 2 * this.sizeAfterFullSweep)) {
      for (const [key, entry] of this.entries) if (this.expiresAtOf(entry) <= now) this.entries.delete(key);
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
      if (this.expiresAtOf(entry) <= now) this.entries.delete(key);
    }
  }
}
