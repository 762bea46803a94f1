import { setTimeout as sleep } from 'node:timers/promises';
import { resolveTestRunner, type TestRunner } from './test-runner';
import type { Elevation, ElevationKey } from '../domain/elevation';
import { ElevationStore } from '../ports/elevation-store';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const TTL_SECONDS = 300;
/** Long enough for a few round trips to a local server, short enough to wait out in a test. */
const SHORT_TTL_MS = 250;

/**
 * The behaviour every `ElevationStore` must show: an elevation answers for its own user, session
 * and operation only; it expires; one pending operation is granted once and a one-shot elevation
 * spent once, however many callers race; a session's revocation ends all of its elevations. `make`
 * runs before each test; tests use unique ids, so a factory may share one store between tests.
 *
 * @example
 * elevationStoreContract('memory', async () => ({ store: new MemoryElevationStore(), close: async () => {} }));
 */
export function elevationStoreContract(name: string, make: () => Promise<{ store: ElevationStore; close(): Promise<void> }>, runner?: TestRunner): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`ElevationStore contract: ${name}`, () => {
    let store: ElevationStore;
    let close: () => Promise<void>;
    let clock: FixedClock;
    let key: ElevationKey;

    beforeEach(async () => {
      ({ store, close } = await make());
      // The real time: Redis expires keys by its own wall clock (see the short-lifetime case).
      clock = new FixedClock(new Date());
      key = { userId: `user-${uniqueTag()}`, sessionId: `session-${uniqueTag()}`, operation: 'transfer_funds' };
    });
    afterEach(async () => close());

    const elevationFor = (at: ElevationKey, changes: Partial<Elevation> = {}): Elevation => ({
      ...at,
      operationId: uniqueTag(),
      grantedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + TTL_SECONDS * 1000),
      oneShot: false,
      ...changes,
    });

    it('finds a granted elevation, with everything it was granted with, unchanged by what callers do to their copies', async () => {
      const elevation = elevationFor(key, { oneShot: true });
      const granted = { ...elevation, expiresAt: new Date(elevation.expiresAt), grantedAt: new Date(elevation.grantedAt) };
      expect(await store.grant(granted, clock.now())).toBe(true);
      granted.expiresAt.setTime(0);
      const found = await store.find(key, clock.now());
      expect(found).toEqual(elevation);
      found?.expiresAt.setTime(0);
      expect(await store.find(key, clock.now())).toEqual(elevation);
    });

    it('answers for its own user, session and operation only', async () => {
      await store.grant(elevationFor(key), clock.now());
      expect(await store.find({ ...key, operation: 'export_report' }, clock.now())).toBeUndefined();
      expect(await store.find({ ...key, userId: `user-${uniqueTag()}` }, clock.now())).toBeUndefined();
      expect(await store.find({ ...key, sessionId: `session-${uniqueTag()}` }, clock.now())).toBeUndefined();
      expect(await store.spend({ ...key, operation: 'export_report' }, clock.now())).toBe(false);
      expect(await store.spend({ ...key, userId: `user-${uniqueTag()}` }, clock.now())).toBe(false);
      expect(await store.spend({ ...key, sessionId: `session-${uniqueTag()}` }, clock.now())).toBe(false);
      expect(await store.find(key, clock.now())).toMatchObject({ operation: 'transfer_funds' });
    });

    it('is gone from its expiry on by the caller’s clock, and live the millisecond before', async () => {
      const elevation = elevationFor(key);
      await store.grant(elevation, clock.now());
      expect(await store.find(key, new Date(elevation.expiresAt.getTime() - 1))).toMatchObject({ operationId: elevation.operationId });
      expect(await store.find(key, elevation.expiresAt)).toBeUndefined();
      expect(await store.spend(key, elevation.expiresAt)).toBe(false);
    });

    it('lets a short-lived elevation disappear once its lifetime has really passed', async () => {
      await store.grant(elevationFor(key, { expiresAt: new Date(clock.now().getTime() + SHORT_TTL_MS) }), clock.now());
      await sleep(SHORT_TTL_MS + 100);
      clock.advance((SHORT_TTL_MS + 100) / 1000);
      expect(await store.find(key, clock.now())).toBeUndefined();
    });

    it('grants one pending operation once, however many validations race, and a new one again', async () => {
      const operationId = uniqueTag();
      const grants = await Promise.all(Array.from({ length: 10 }, () => store.grant(elevationFor(key, { operationId }), clock.now())));
      expect(grants.filter((granted) => granted)).toHaveLength(1);
      const next = elevationFor(key);
      expect(await store.grant(next, clock.now())).toBe(true);
      expect(await store.find(key, clock.now())).toMatchObject({ operationId: next.operationId });
    });

    it('grants an operation again once its earlier elevation has expired', async () => {
      const first = elevationFor(key, { expiresAt: new Date(clock.now().getTime() + 1000) });
      await store.grant(first, clock.now());
      clock.advance(1);
      expect(await store.grant({ ...first, expiresAt: new Date(clock.now().getTime() + 1000) }, clock.now())).toBe(true);
    });

    it('spends an elevation exactly once of ten parallel spends', async () => {
      await store.grant(elevationFor(key, { oneShot: true }), clock.now());
      const spent = await Promise.all(Array.from({ length: 10 }, () => store.spend(key, clock.now())));
      expect(spent.filter((won) => won)).toHaveLength(1);
      expect(await store.find(key, clock.now())).toBeUndefined();
    });

    it('spends, when told the operation, only the elevation granted for that operation, and leaves another one live', async () => {
      const elevation = elevationFor(key, { oneShot: true });
      await store.grant(elevation, clock.now());
      expect(await store.spend(key, clock.now(), uniqueTag())).toBe(false);
      expect(await store.find(key, clock.now())).toMatchObject({ operationId: elevation.operationId });
      expect(await store.spend(key, clock.now(), elevation.operationId)).toBe(true);
      expect(await store.find(key, clock.now())).toBeUndefined();
    });

    it('ends every elevation of a revoked session, and no other session’s', async () => {
      const other = { ...key, sessionId: `session-${uniqueTag()}` };
      await store.grant(elevationFor(key), clock.now());
      await store.grant(elevationFor({ ...key, operation: 'export_report' }), clock.now());
      await store.grant(elevationFor(other), clock.now());
      await store.revokeSession(key.sessionId);
      expect(await store.find(key, clock.now())).toBeUndefined();
      expect(await store.find({ ...key, operation: 'export_report' }, clock.now())).toBeUndefined();
      expect(await store.find(other, clock.now())).toMatchObject({ sessionId: other.sessionId });
    });

    it('keeps the longer-lived elevation of a session when a shorter one is granted after it', async () => {
      const long = elevationFor(key);
      await store.grant(long, clock.now());
      const shortKey = { ...key, operation: 'export_report' };
      await store.grant(elevationFor(shortKey, { expiresAt: new Date(clock.now().getTime() + SHORT_TTL_MS) }), clock.now());
      await sleep(SHORT_TTL_MS + 100);
      clock.advance((SHORT_TTL_MS + 100) / 1000);
      expect(await store.find(shortKey, clock.now())).toBeUndefined();
      expect(await store.find(key, clock.now())).toMatchObject({ operationId: long.operationId });
    });
  });
}
