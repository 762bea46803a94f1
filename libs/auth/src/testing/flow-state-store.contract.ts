import { setTimeout as sleep } from 'node:timers/promises';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { FlowStateStore } from '../ports/flow-state-store';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const FLOW_SECONDS = 300;
/** Long enough for a few round trips to a local server, short enough to wait out in a test. */
const SHORT_TTL_MS = 250;

/**
 * The behaviour every `FlowStateStore` must show. `make` runs before each test; tests use unique
 * keys, so a factory may share one store between tests.
 *
 * @example
 * flowStateStoreContract('memory', async () => ({ store: new MemoryFlowStateStore(), close: async () => {} }));
 */
export function flowStateStoreContract(
  name: string,
  make: () => Promise<{ store: FlowStateStore; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`FlowStateStore contract: ${name}`, () => {
    let store: FlowStateStore;
    let close: () => Promise<void>;
    let clock: FixedClock;
    let key: string;

    beforeEach(async () => {
      ({ store, close } = await make());
      // Starts at the real time: Redis expires keys by its own wall clock, so expiry is tested with
      // short lifetimes that really pass (see `elapse`), and a store driven by the caller's clock
      // sees the same time go by.
      clock = new FixedClock(new Date());
      key = `flow:${uniqueTag()}`;
    });
    afterEach(async () => close());

    const flowEnd = () => new Date(clock.now().getTime() + FLOW_SECONDS * 1000);
    const shortEnd = () => new Date(clock.now().getTime() + SHORT_TTL_MS);

    async function elapse(ms: number): Promise<void> {
      await sleep(ms);
      clock.set(new Date(clock.now().getTime() + ms));
    }

    it('consumes a key once: the first call wins, every later one is refused', async () => {
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(true);
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(false);
      clock.advance(FLOW_SECONDS - 1);
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(false);
    });

    it('tells whether a key is consumed without consuming it', async () => {
      expect(await store.isConsumed(key, clock.now())).toBe(false);
      expect(await store.isConsumed(key, clock.now())).toBe(false);
      expect(await store.countAttempt(key, flowEnd(), clock.now())).toBe(1);
      expect(await store.isConsumed(key, clock.now())).toBe(false);
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(true);
      expect(await store.isConsumed(key, clock.now())).toBe(true);
    });

    it('keeps keys apart, and a consumed key apart from an attempt counter of the same name', async () => {
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(true);

      expect(await store.consume(`${key}:other`, flowEnd(), clock.now())).toBe(true);
      expect(await store.countAttempt(key, flowEnd(), clock.now())).toBe(1);
      expect(await store.consume(key, flowEnd(), clock.now())).toBe(false);
    });

    it('lets a key be consumed again once its marker has expired', async () => {
      expect(await store.consume(key, shortEnd(), clock.now())).toBe(true);
      await elapse(SHORT_TTL_MS + 250);

      expect(await store.consume(key, shortEnd(), clock.now())).toBe(true);
      expect(await store.consume(key, shortEnd(), clock.now())).toBe(false);
    });

    it('still consumes only once when the expiry has already passed', async () => {
      const past = new Date(clock.now().getTime() - 60_000);

      expect(await store.consume(key, past, clock.now())).toBe(true);
      expect(await store.consume(key, past, clock.now())).toBe(false);
    });

    it('lets exactly one of twenty concurrent consumes of one key win', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => store.consume(key, flowEnd(), clock.now())));

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('counts attempts 1, 2, 3 and starts over once the counter has expired', async () => {
      const end = shortEnd();
      expect(await store.countAttempt(key, end, clock.now())).toBe(1);
      expect(await store.countAttempt(key, end, clock.now())).toBe(2);
      expect(await store.countAttempt(key, end, clock.now())).toBe(3);
      await elapse(SHORT_TTL_MS + 250);

      expect(await store.countAttempt(key, shortEnd(), clock.now())).toBe(1);
      expect(await store.countAttempt(`${key}:other`, shortEnd(), clock.now())).toBe(1);
    });

    it('loses no attempt when twenty arrive at once', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.countAttempt(key, flowEnd(), clock.now())));

      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await store.countAttempt(key, flowEnd(), clock.now())).toBe(21);
    });
  });
}
