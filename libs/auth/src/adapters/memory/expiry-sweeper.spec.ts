// Threat: the memory stores (flow state, OTP challenges, attempt counters) gain an entry for every
// flow a client starts and abandons. The sweeper is all that drops the expired ones; if it missed
// some, stalled behind live ones or cost a write the whole map, the process would run out of
// memory or time. It also decides expiry by the caller's clock alone: no timer of its own that
// could keep the process alive, and no wall clock that would drop an entry a test clock still sees as live.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpirySweeper } from './expiry-sweeper';

/** A map whose values are their own expiry (ms), swept by a sweeper that counts what it inspects. */
function sweptMap(expiries: readonly number[]) {
  const entries = new Map(expiries.map((expiresAt, index) => [`entry-${index}`, expiresAt]));
  let inspected = 0;
  const sweeper = new ExpirySweeper(entries, (expiresAt) => {
    inspected++;
    return expiresAt;
  });
  /** Sweeps once at `now` and says how many entries that sweep looked at. */
  const sweep = (now: number): number => {
    inspected = 0;
    sweeper.sweep(now);
    return inspected;
  };
  return { entries, sweep };
}

const add = (entries: Map<string, number>, count: number, expiresAt: number, keyPrefix: string) => {
  for (let index = 0; index < count; index++) entries.set(`${keyPrefix}-${index}`, expiresAt);
};

describe('ExpirySweeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops an entry expiring at the very millisecond of the sweep and keeps one a millisecond later', () => {
    const { entries, sweep } = sweptMap([1_000, 1_001, 999]);

    sweep(1_000);

    expect([...entries.keys()]).toEqual(['entry-1']);
  });

  it('keeps every live entry, however many sweeps pass over it', () => {
    const { entries, sweep } = sweptMap(Array.from({ length: 300 }, () => 10_000));

    for (let round = 0; round < 50; round++) sweep(9_999);

    expect(entries.size).toBe(300);
  });

  it('inspects a fixed batch per sweep, not the whole map, so a write stays cheap as the map grows', () => {
    const small = sweptMap(Array.from({ length: 400 }, () => 10_000));
    const large = sweptMap(Array.from({ length: 900 }, () => 10_000));

    const batch = small.sweep(0);

    // More than one, or sweeping could not keep up with the one entry a write adds.
    expect(batch).toBeGreaterThan(1);
    expect(batch).toBeLessThan(400);
    expect(large.sweep(0)).toBe(batch);
  });

  it('drops the oldest entries first, on every round: insertion order is age order', () => {
    const { entries, sweep } = sweptMap(Array.from({ length: 400 }, () => 5_000));
    // One round while everything is live: it ends with the sweep that reaches the end, a short one.
    const batch = sweep(0);
    for (let round = 0; round < 1_000 && sweep(0) === batch; round++);

    expect(sweep(5_000)).toBe(batch);
    expect(entries.size).toBe(400 - batch);
    expect([...entries.keys()][0]).toBe(`entry-${batch}`);
  });

  it('walks the map round and round: an entry passed over while live is dropped on a later round', () => {
    const { entries, sweep } = sweptMap(Array.from({ length: 400 }, () => 5_000));
    // More than a full round while everything is live, so the cursor has passed the end.
    for (let round = 0; round < 20; round++) sweep(0);

    for (let round = 0; round < 20; round++) sweep(5_000);

    expect(entries.size).toBe(0);
  });

  it('sees entries written after it was created, and their latest values after the store deletes or rewrites some', () => {
    const { entries, sweep } = sweptMap([]);
    add(entries, 300, 5_000, 'late');
    // Round the map more than once while everything is live, so the rewrites below come mid-walk.
    for (let round = 0; round < 10; round++) sweep(0);
    // What the stores do besides sweeping: drop an expired entry they read, move a reissued one to the end.
    for (let index = 0; index < 300; index += 3) entries.delete(`late-${index}`);
    entries.delete('late-1');
    entries.set('late-1', 9_000);

    for (let round = 0; round < 20; round++) sweep(5_000);

    expect([...entries]).toEqual([['late-1', 9_000]]);
  });

  it('sweeps the whole map once it has doubled, so expired entries behind long-lived ones cannot pile up', () => {
    // Live entries at the head: batch sweeps alone would look at them over and over, never reaching the rest.
    const { entries, sweep } = sweptMap(Array.from({ length: 3_000 }, () => 1_000_000));
    add(entries, 3_000, 5_000, 'first-wave');

    sweep(5_000);
    expect(entries.size).toBe(3_000);

    // Up to twice what the last full pass left, sweeps stay batches, here over the live head.
    add(entries, 2_999, 5_000, 'second-wave');
    sweep(5_000);
    expect(entries.size).toBe(5_999);

    entries.set('the-one-that-doubles-it', 5_000);
    sweep(5_000);
    expect(entries.size).toBe(3_000);
    expect([...entries.keys()].every((key) => key.startsWith('entry-'))).toBe(true);
  });

  it('starts its batches again at the oldest entries after a full pass', () => {
    const { entries, sweep } = sweptMap([...Array.from({ length: 100 }, () => 3_000), ...Array.from({ length: 1_900 }, () => 1_000_000)]);
    add(entries, 2_000, 1_000, 'expired');
    sweep(1_000);
    expect(entries.size).toBe(2_000);
    // Batches carry the cursor well past the head, then a second full pass finds nothing expired.
    for (let round = 0; round < 5; round++) sweep(1_000);
    add(entries, 2_000, 1_000_000, 'later');
    sweep(2_000);
    expect(entries.size).toBe(4_000);

    const batch = sweep(3_000);

    expect(entries.size).toBe(4_000 - Math.min(batch, 100));
    expect(entries.has('entry-0')).toBe(false);
  });

  it('judges expiry by the time it is given, never by the wall clock', () => {
    // Far in the past, as a fixed test clock may be: by the wall clock every entry would be expired.
    const { entries, sweep } = sweptMap([1_000, 2_000]);

    sweep(1_500);

    expect([...entries.keys()]).toEqual(['entry-1']);
  });

  it('schedules no timer, so nothing of it keeps the process alive or runs after a store is dropped', () => {
    vi.useFakeTimers();
    const { entries, sweep } = sweptMap([1_000, 2_000, 3_000]);
    sweep(0);

    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(24 * 3_600_000);
    // Expired by any clock now, yet still there: entries go only when a write sweeps.
    expect(entries.size).toBe(3);
  });
});
