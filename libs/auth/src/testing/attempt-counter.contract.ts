import { resolveTestRunner, type TestRunner } from './test-runner';
import { AttemptCounter } from '../ports/attempt-counter';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const WINDOW_SECONDS = 60;

/**
 * The behaviour every `AttemptCounter` must show. `make` runs before each test; tests use unique
 * keys, so a factory may share one store between tests.
 */
export function attemptCounterContract(
  name: string,
  make: () => Promise<{ counter: AttemptCounter; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`AttemptCounter contract: ${name}`, () => {
    let counter: AttemptCounter;
    let close: () => Promise<void>;
    let clock: FixedClock;
    let key: string;

    beforeEach(async () => {
      ({ counter, close } = await make());
      // Starts at the real time, not a fixed date: Redis expires keys by its own wall clock, so a
      // window ending in the real past would vanish at once. Moving the clock forward from here
      // only makes windows look older than Redis thinks, which adapters must honour.
      clock = new FixedClock(new Date());
      key = `login:${uniqueTag()}`;
    });
    afterEach(async () => close());

    const windowEnd = () => new Date(clock.now().getTime() + WINDOW_SECONDS * 1000);

    it('opens a window on the first attempt and counts within it, keeping its end', async () => {
      const end = windowEnd();

      expect(await counter.increment(key, WINDOW_SECONDS, clock.now())).toEqual({ count: 1, resetsAt: end });
      clock.advance(WINDOW_SECONDS - 1);
      expect(await counter.increment(key, WINDOW_SECONDS, clock.now())).toEqual({ count: 2, resetsAt: end });
      expect(await counter.increment(key, WINDOW_SECONDS, clock.now())).toEqual({ count: 3, resetsAt: end });
    });

    it('peeks without counting, and sees nothing where no window is open', async () => {
      expect(await counter.peek(key, clock.now())).toBeUndefined();
      const end = windowEnd();
      await counter.increment(key, WINDOW_SECONDS, clock.now());
      clock.advance(5);

      expect(await counter.peek(key, clock.now())).toEqual({ count: 1, resetsAt: end });
      expect(await counter.peek(key, clock.now())).toEqual({ count: 1, resetsAt: end });
    });

    it('closes the window when it ends and starts over from one', async () => {
      await counter.increment(key, WINDOW_SECONDS, clock.now());
      await counter.increment(key, WINDOW_SECONDS, clock.now());
      clock.advance(WINDOW_SECONDS);

      expect(await counter.peek(key, clock.now())).toBeUndefined();
      expect(await counter.increment(key, WINDOW_SECONDS, clock.now())).toEqual({ count: 1, resetsAt: windowEnd() });
    });

    it('counts each key on its own', async () => {
      const other = `${key}:other`;
      await counter.increment(key, WINDOW_SECONDS, clock.now());
      await counter.increment(key, WINDOW_SECONDS, clock.now());

      expect((await counter.increment(other, WINDOW_SECONDS, clock.now())).count).toBe(1);
      expect((await counter.peek(key, clock.now()))?.count).toBe(2);
    });

    it('forgets a key on reset', async () => {
      await counter.increment(key, WINDOW_SECONDS, clock.now());
      await counter.increment(key, WINDOW_SECONDS, clock.now());

      await counter.reset(key);
      await counter.reset(key);

      expect(await counter.peek(key, clock.now())).toBeUndefined();
      expect((await counter.increment(key, WINDOW_SECONDS, clock.now())).count).toBe(1);
    });

    it('takes one back from the window it was counted in, never below zero', async () => {
      const { resetsAt } = await counter.increment(key, WINDOW_SECONDS, clock.now());
      await counter.increment(key, WINDOW_SECONDS, clock.now());

      await counter.decrement(key, resetsAt, clock.now());
      expect(await counter.peek(key, clock.now())).toEqual({ count: 1, resetsAt });
      await counter.decrement(key, resetsAt, clock.now());
      await counter.decrement(key, resetsAt, clock.now());
      expect(await counter.peek(key, clock.now())).toEqual({ count: 0, resetsAt });
      await counter.decrement(`${key}:never-counted`, resetsAt, clock.now());
      expect(await counter.peek(`${key}:never-counted`, clock.now())).toBeUndefined();
    });

    it('credits no other window than the one named', async () => {
      const { resetsAt } = await counter.increment(key, WINDOW_SECONDS, clock.now());

      await counter.decrement(key, new Date(resetsAt.getTime() + 1), clock.now());

      expect(await counter.peek(key, clock.now())).toEqual({ count: 1, resetsAt });
    });

    it('settles twenty parallel give-backs against twenty attempts exactly', async () => {
      const windows = await Promise.all(Array.from({ length: 20 }, () => counter.increment(key, WINDOW_SECONDS, clock.now())));
      const more = Promise.all(Array.from({ length: 10 }, () => counter.increment(key, WINDOW_SECONDS, clock.now())));
      await Promise.all([...windows.map((window) => counter.decrement(key, window.resetsAt, clock.now())), more]);

      expect(await counter.peek(key, clock.now())).toEqual({ count: 10, resetsAt: windowEnd() });
    });

    it('loses no attempt when twenty arrive at once', async () => {
      const windows = await Promise.all(Array.from({ length: 20 }, () => counter.increment(key, WINDOW_SECONDS, clock.now())));

      expect(windows.map((window) => window.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await counter.peek(key, clock.now())).toEqual({ count: 20, resetsAt: windowEnd() });
    });
  });
}
