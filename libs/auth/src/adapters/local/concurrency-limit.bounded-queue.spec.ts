// Threat: a burst of sign-ins queueing for the password hash delays every other sign-in by seconds
// (an unbounded queue). Past `maxQueued` waiting tasks, the limit refuses at once instead.
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, QueueFullError } from './concurrency-limit';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('ConcurrencyLimit with a bounded queue', () => {
  it('runs `limit` tasks, queues `maxQueued` more and refuses the next at once', async () => {
    const limit = new ConcurrencyLimit(1, 2);
    const { open, opened } = gate();
    const running = limit.run(() => opened.then(() => 'first'));
    const queued = [limit.run(async () => 'second'), limit.run(async () => 'third')];
    await expect(limit.run(async () => 'fourth')).rejects.toBeInstanceOf(QueueFullError);
    open();
    expect(await Promise.all([running, ...queued])).toEqual(['first', 'second', 'third']);
    // With the queue drained, a new task is accepted again.
    expect(await limit.run(async () => 'fifth')).toBe('fifth');
  });

  it('frees a slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1, 0);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'after')).toBe('after');
  });
});
