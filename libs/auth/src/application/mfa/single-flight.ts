/**
 * Shares one pending lookup between the callers that ask for the same key while it runs, and
 * forgets it once it settles, so nothing is ever served stale: the steps that ask "is this factor
 * enrolled?" in parallel after one password check cost one lookup, not one each.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.running.get(key);
    if (pending) return pending;
    const started = load().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
