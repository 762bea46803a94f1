// Threat: one address filling the hashing queue. A burst of slow password checks from one client
// would make every other client's sign-in wait behind it, so an address may hold only a few places
// at once. A cap that lets one check too many through, that forgets a check still running when
// another settles, or that never frees a place, either fails to protect the queue or locks the
// address out for good; and places must not pile up in memory for addresses long gone.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError } from '../../domain/auth-error';
import { AuthSettings } from '../auth-settings';
import { SignInThrottle } from './sign-in-throttle';

const NOW = new Date('2026-03-01T12:00:00Z');
const CLIENT = '203.0.113.9';

function throttleWithCap(maxChecksInFlightPerClient: number) {
  const settings = { signInThrottle: { perAccount: { limit: 1000, windowSeconds: 900 }, perClient: { limit: 1000, windowSeconds: 900 }, maxChecksInFlightPerClient } } as AuthSettings;
  return new SignInThrottle(new MemoryAttemptCounter(), settings);
}

/** A password check that runs until `finish` is called. */
function slowCheck() {
  let finish!: () => void;
  const done = new Promise<string | undefined>((resolve) => (finish = () => resolve(undefined)));
  return { check: () => done, finish };
}

/** Starts a check under the throttle; resolves to 'checked' or the refusal's code and Retry-After. */
function attempt(throttle: SignInThrottle, clientAddress: string | undefined, check: () => Promise<string | undefined>) {
  return throttle.guard(`user-${Math.random()}`, clientAddress, NOW, check, (found) => found !== undefined).then(
    () => 'checked',
    (error: unknown) => (error instanceof AuthError ? `${error.code} retry ${(error as { retryAfterSeconds?: number }).retryAfterSeconds}` : error),
  );
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('in-flight cap of password checks per client address', () => {
  it('with a cap of 2, the third parallel check from one address is refused at once with Retry-After 1, another address is not', async () => {
    const throttle = throttleWithCap(2);
    const first = slowCheck();
    const second = slowCheck();
    const running = [attempt(throttle, CLIENT, first.check), attempt(throttle, CLIENT, second.check)];
    await flush();
    expect(await attempt(throttle, CLIENT, () => Promise.resolve(undefined))).toBe('TOO_MANY_ATTEMPTS retry 1');
    expect(await attempt(throttle, '198.51.100.20', () => Promise.resolve(undefined))).toBe('checked');
    first.finish();
    second.finish();
    expect(await Promise.all(running)).toEqual(['checked', 'checked']);
  });

  it('a settled check frees exactly one place: the other still running keeps holding its own', async () => {
    const throttle = throttleWithCap(2);
    const first = slowCheck();
    const second = slowCheck();
    const third = slowCheck();
    const running = [attempt(throttle, CLIENT, first.check), attempt(throttle, CLIENT, second.check)];
    await flush();
    first.finish();
    expect(await running[0]).toBe('checked');
    // One check still runs, so one place is free and no more.
    const next = attempt(throttle, CLIENT, third.check);
    await flush();
    expect(await attempt(throttle, CLIENT, () => Promise.resolve(undefined))).toBe('TOO_MANY_ATTEMPTS retry 1');
    second.finish();
    third.finish();
    expect(await Promise.all([running[1], next])).toEqual(['checked', 'checked']);
  });

  it('once every check has settled the address has its whole cap again, however its checks ended', async () => {
    const throttle = throttleWithCap(2);
    expect(await attempt(throttle, CLIENT, () => Promise.resolve(undefined))).toBe('checked');
    expect(await attempt(throttle, CLIENT, () => Promise.reject(new Error('directory down')))).toEqual(new Error('directory down'));
    const first = slowCheck();
    const second = slowCheck();
    const running = [attempt(throttle, CLIENT, first.check), attempt(throttle, CLIENT, second.check)];
    await flush();
    expect(await attempt(throttle, CLIENT, () => Promise.resolve(undefined))).toBe('TOO_MANY_ATTEMPTS retry 1');
    first.finish();
    second.finish();
    expect(await Promise.all(running)).toEqual(['checked', 'checked']);
  });

  it('settled checks leave no entry behind, for an address or for a request without one, so spraying cannot grow memory', async () => {
    const throttle = throttleWithCap(2);
    expect(await attempt(throttle, undefined, () => Promise.resolve(undefined))).toBe('checked');
    const first = slowCheck();
    const second = slowCheck();
    const running = [attempt(throttle, CLIENT, first.check), attempt(throttle, CLIENT, second.check)];
    for (let i = 0; i < 5; i++) await attempt(throttle, `192.0.2.${i}`, () => Promise.resolve(undefined));
    first.finish();
    await running[0];
    second.finish();
    await running[1];
    expect(throttle['inFlight'].size).toBe(0);
  });
});
