import { setTimeout as sleep } from 'node:timers/promises';
import { resolveTestRunner, type TestRunner } from './test-runner';
import type { PendingOperation } from '../domain/pending-operation';
import { PendingOperationStore } from '../ports/pending-operation-store';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const TTL_SECONDS = 300;
/** Long enough for a few round trips to a local server, short enough to wait out in a test. */
const SHORT_TTL_MS = 250;
const PARALLEL_CALLS = 10;

// Each call builds new objects, so what a test stores and what it expects back share nothing.
const payload = () => ({ amount: 125.5, to: { iban: 'DE89370400440532013000', tags: [] as string[] }, memo: null, lines: [{ ref: 'a', split: {} }] });

/**
 * Results an app may store, with the ones a JSON encoder can quietly alter: an empty array next
 * to an empty object, null, the largest exact integer, text with quotes, slashes and non-ASCII.
 */
const RESULTS: readonly unknown[] = [
  { transferId: 'tr-1', fees: [], meta: {}, nested: { deeper: [[], [{}], null] } },
  [1, 'two', { three: [] }],
  [],
  {},
  null,
  'done',
  '',
  'a "quoted" \\ / Überweisung ✓',
  0,
  -12.75,
  Number.MAX_SAFE_INTEGER,
  true,
];

/**
 * The behaviour every `PendingOperationStore` must show: an operation is found as it was created
 * until its expiry by the caller's clock; `advance` moves it on only from the state it is in and
 * while it is live, keeps what it is given exactly, and of parallel callers lets exactly one win,
 * which is what grants an operation once and resumes it once. `make` runs before each test; tests
 * use unique ids, so a factory may share one store between tests.
 *
 * @example
 * pendingOperationStoreContract('memory', async () => ({ store: new MemoryPendingOperationStore(), close: async () => {} }));
 */
export function pendingOperationStoreContract(name: string, make: () => Promise<{ store: PendingOperationStore; close(): Promise<void> }>, runner?: TestRunner): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`PendingOperationStore contract: ${name}`, () => {
    let store: PendingOperationStore;
    let close: () => Promise<void>;
    let clock: FixedClock;

    beforeEach(async () => {
      ({ store, close } = await make());
      // The real time: Redis expires keys by its own wall clock (see the short-lifetime case).
      clock = new FixedClock(new Date());
    });
    afterEach(async () => close());

    const operationFor = (changes: Partial<PendingOperation> = {}): PendingOperation => ({
      id: `operation-${uniqueTag()}`,
      userId: `user-${uniqueTag()}`,
      sessionId: `session-${uniqueTag()}`,
      operation: 'transfer_funds',
      requestedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + TTL_SECONDS * 1000),
      state: 'pending',
      elevationSeconds: 300,
      oneShot: false,
      methods: ['totp', 'email', 'sms', 'recovery'],
      ...changes,
    });
    const created = async (changes: Partial<PendingOperation> = {}): Promise<PendingOperation> => {
      const operation = operationFor(changes);
      await store.create(operation, clock.now());
      return operation;
    };
    const later = (operation: PendingOperation, ms: number) => new Date(operation.expiresAt.getTime() + ms);

    it('finds an operation as it was created, stored command included, whatever callers do to their copies', async () => {
      const expected = operationFor({ oneShot: true, methods: ['totp'], command: { name: 'TransferFundsCommand', payload: payload() } });
      const given = { ...expected, requestedAt: new Date(expected.requestedAt), expiresAt: new Date(expected.expiresAt), methods: ['totp'], command: { name: 'TransferFundsCommand', payload: payload() } };
      await store.create(given, clock.now());
      given.expiresAt.setTime(0);
      given.requestedAt.setTime(0);
      given.methods.push('sms');
      given.command.payload.to.iban = 'changed by the caller';
      const found = await store.find(expected.id, clock.now());
      expect(found).toEqual(expected);
      found!.expiresAt.setTime(0);
      found!.requestedAt.setTime(0);
      (found!.methods as string[]).push('email');
      (found!.command!.payload as ReturnType<typeof payload>).to.tags.push('changed by the reader');
      expect(await store.find(expected.id, clock.now())).toEqual(expected);
    });

    it('answers undefined for an id it never stored', async () => {
      expect(await store.find(`operation-${uniqueTag()}`, clock.now())).toBeUndefined();
    });

    it('is gone from its expiry on by the caller’s clock, and live the millisecond before', async () => {
      const operation = await created();
      expect(await store.find(operation.id, later(operation, -1))).toMatchObject({ id: operation.id });
      expect(await store.find(operation.id, operation.expiresAt)).toBeUndefined();
    });

    it('lets a short-lived operation disappear once its lifetime has really passed', async () => {
      const operation = await created({ expiresAt: new Date(clock.now().getTime() + SHORT_TTL_MS) });
      await sleep(SHORT_TTL_MS + 100);
      clock.advance((SHORT_TTL_MS + 100) / 1000);
      expect(await store.find(operation.id, clock.now())).toBeUndefined();
    });

    it('advances a pending operation to granted and answers it as it now is, the rest unchanged', async () => {
      // No methods at all: an empty list must come back a list, not the `{}` a JSON encoder may write.
      const operation = await created({ oneShot: true, methods: [], command: { name: 'TransferFundsCommand', payload: payload() } });
      const granted = { ...operation, state: 'granted' };
      expect(await store.advance(operation.id, 'pending', { state: 'granted' }, clock.now())).toEqual(granted);
      expect(await store.find(operation.id, clock.now())).toEqual(granted);
    });

    it('does not advance from a state the operation is not in, and changes nothing', async () => {
      const operation = await created();
      const change = { state: 'running', expiresAt: later(operation, 60_000), result: { ran: true }, error: 'refused' } as const;
      expect(await store.advance(operation.id, 'granted', change, clock.now())).toBeUndefined();
      expect(await store.find(operation.id, clock.now())).toEqual(operation);
    });

    it('does not advance an expired operation by the caller’s clock, nor revive it with a later expiry', async () => {
      const operation = await created();
      const change = { state: 'granted', expiresAt: later(operation, 60_000) } as const;
      expect(await store.advance(operation.id, 'pending', change, operation.expiresAt)).toBeUndefined();
      expect(await store.find(operation.id, operation.expiresAt)).toBeUndefined();
      expect(await store.advance(`operation-${uniqueTag()}`, 'pending', change, clock.now())).toBeUndefined();
    });

    it('keeps a completed operation’s result exactly as given, whatever JSON it is', async () => {
      for (const result of RESULTS) {
        const operation = await created({ state: 'running' });
        const completed = { ...operation, state: 'completed', result };
        expect(await store.advance(operation.id, 'running', { state: 'completed', result }, clock.now())).toEqual(completed);
        expect(await store.find(operation.id, clock.now())).toEqual(completed);
      }
    });

    it('keeps a failed operation’s error exactly as given', async () => {
      const operation = await created({ state: 'running' });
      const error = 'The transfer was refused: the “payee” is unknown / Überweisung abgelehnt';
      const failed = { ...operation, state: 'failed', error };
      expect(await store.advance(operation.id, 'running', { state: 'failed', error }, clock.now())).toEqual(failed);
      expect(await store.find(operation.id, clock.now())).toEqual(failed);
    });

    it('keeps a settled operation readable past its first expiry when the change gives a later one', async () => {
      const operation = await created({ state: 'running' });
      const expiresAt = later(operation, 60_000);
      expect(await store.advance(operation.id, 'running', { state: 'completed', result: 'done', expiresAt }, clock.now())).toMatchObject({ expiresAt });
      expect(await store.find(operation.id, operation.expiresAt)).toMatchObject({ state: 'completed', result: 'done' });
      expect(await store.find(operation.id, expiresAt)).toBeUndefined();
    });

    it('grants an operation once and resumes it once, however many callers race', async () => {
      const operation = await created();
      const race = (from: 'pending' | 'granted', state: 'granted' | 'running') =>
        Promise.all(Array.from({ length: PARALLEL_CALLS }, () => store.advance(operation.id, from, { state }, clock.now())));
      const grants = await race('pending', 'granted');
      expect(grants.filter((answer) => answer !== undefined)).toEqual([{ ...operation, state: 'granted' }]);
      const resumes = await race('granted', 'running');
      expect(resumes.filter((answer) => answer !== undefined)).toEqual([{ ...operation, state: 'running' }]);
      expect(await store.find(operation.id, clock.now())).toMatchObject({ state: 'running' });
    });

    it('refuses to create an operation under an id already held, and keeps the first', async () => {
      const operation = await created();
      await expect(store.create({ ...operation, userId: `user-${uniqueTag()}`, state: 'granted' }, clock.now())).rejects.toThrow();
      expect(await store.find(operation.id, clock.now())).toEqual(operation);
    });
  });
}
