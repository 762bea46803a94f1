import { FixedClock } from '@stepgate/auth/testing';
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from './memory-attempt-counter';

// Threat: an attacker sprays sign-ins for a fresh username each time. Every one opens a window in
// the counter; if ended windows were never dropped, the process would grow until it ran out of memory.
describe('MemoryAttemptCounter eviction', () => {
  it('drops 100,000 ended windows as later traffic arrives, keeping the live ones', async () => {
    const clock = new FixedClock();
    const counter = new MemoryAttemptCounter();
    for (let i = 0; i < 100_000; i++) await counter.increment(`spray:${i}`, 60, clock.now());
    expect(counter.size).toBe(100_000);

    clock.advance(61);
    for (let i = 0; i < 2_000; i++) await counter.increment(`later:${i}`, 60, clock.now());

    expect(counter.size).toBe(2_000);
    expect(await counter.peek('later:0', clock.now())).toEqual({ count: 1, resetsAt: new Date(clock.now().getTime() + 60_000) });
  });

  it('keeps windows that have not ended while sweeping', async () => {
    const clock = new FixedClock();
    const counter = new MemoryAttemptCounter();
    for (let i = 0; i < 1_000; i++) await counter.increment(`long:${i}`, 3600, clock.now());
    for (let i = 0; i < 1_000; i++) await counter.increment(`short:${i}`, 60, clock.now());

    clock.advance(61);
    for (let i = 0; i < 100; i++) await counter.peek('anything', clock.now());

    expect(counter.size).toBe(1_000);
    expect((await counter.peek('long:999', clock.now()))?.count).toBe(1);
  });

  it('drops an ended window as soon as its key is read', async () => {
    const clock = new FixedClock();
    const counter = new MemoryAttemptCounter();
    await counter.increment('once', 60, clock.now());
    clock.advance(60);

    expect(await counter.peek('once', clock.now())).toBeUndefined();
    expect(counter.size).toBe(0);
  });
});
