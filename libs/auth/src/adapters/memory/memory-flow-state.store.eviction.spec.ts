import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FixedClock } from '@stepgate/auth/testing';
import { describe, expect, it } from 'vitest';
import { MemoryFlowStateStore } from './memory-flow-state.store';

// Threat: a client starts sign-in after sign-in and abandons each one. Every flow leaves a consume
// marker and an attempt counter behind; if expired ones were never dropped, the process would grow
// until it ran out of memory.

// The garbage collector, so the heap can be measured after a collection. Node exposes it only with
// --expose-gc; setting the flag at run time and reading `gc` from a fresh context does the same
// for this file alone, without a flag for every test worker.
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapUsedAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const FLOWS = 100_000;

describe('MemoryFlowStateStore eviction', () => {
  it('reclaims the memory of 100,000 expired flows as later traffic arrives', async () => {
    const gc = collector();
    const clock = new FixedClock();
    const store = new MemoryFlowStateStore();
    const before = heapUsedAfterGc(gc);

    for (let i = 0; i < FLOWS / 2; i++) {
      const flowEnd = new Date(clock.now().getTime() + 300_000);
      await store.consume(`stage:abandoned-${i}:1`, flowEnd, clock.now());
      await store.countAttempt(`attempts:abandoned-${i}:1`, flowEnd, clock.now());
    }
    expect(store.size).toBe(FLOWS);
    const grown = heapUsedAfterGc(gc) - before;

    clock.advance(301);
    for (let i = 0; i < 2_000; i++) await store.consume(`stage:later-${i}:1`, new Date(clock.now().getTime() + 300_000), clock.now());

    expect(store.size).toBe(2_000);
    const left = heapUsedAfterGc(gc) - before;
    // 100,000 entries hold several megabytes; what is left is the 2,000 live ones and noise.
    expect(grown).toBeGreaterThan(5_000_000);
    expect(left).toBeLessThan(grown / 10);
  });

  it('keeps live entries while sweeping expired ones around them', async () => {
    const clock = new FixedClock();
    const store = new MemoryFlowStateStore();
    for (let i = 0; i < 1_000; i++) await store.consume(`long:${i}`, new Date(clock.now().getTime() + 3_600_000), clock.now());
    for (let i = 0; i < 1_000; i++) await store.countAttempt(`short:${i}`, new Date(clock.now().getTime() + 60_000), clock.now());

    clock.advance(61);
    for (let i = 0; i < 100; i++) await store.countAttempt('later', new Date(clock.now().getTime() + 60_000), clock.now());

    expect(store.size).toBe(1_001);
    expect(await store.consume('long:999', new Date(clock.now().getTime() + 3_600_000), clock.now())).toBe(false);
    expect(await store.countAttempt('later', new Date(clock.now().getTime() + 60_000), clock.now())).toBe(101);
  });

  it('stays within twice the live entries while waves of flows expire behind long-lived ones', async () => {
    const clock = new FixedClock();
    const store = new MemoryFlowStateStore();
    // Each wave has expired before the next starts; the long-lived entries at the head of the map
    // are inspected again and again without being dropped, and must not stall the sweep.
    for (let i = 0; i < 2_000; i++) await store.consume(`pinned:${i}`, new Date(clock.now().getTime() + 86_400_000), clock.now());
    let largest = 0;
    for (let wave = 0; wave < 20; wave++) {
      for (let i = 0; i < 5_000; i++) await store.consume(`wave-${wave}:${i}`, new Date(clock.now().getTime() + 1_000), clock.now());
      largest = Math.max(largest, store.size);
      clock.advance(2);
    }

    expect(largest).toBeLessThan(2 * (2_000 + 5_000) + 1);
  });

  it('drops an expired entry as soon as its key is used again', async () => {
    const clock = new FixedClock();
    const store = new MemoryFlowStateStore();
    await store.countAttempt('once', new Date(clock.now().getTime() + 60_000), clock.now());
    clock.advance(60);

    expect(await store.countAttempt('once', new Date(clock.now().getTime() + 60_000), clock.now())).toBe(1);
    expect(store.size).toBe(1);
  });
});
