// Threat: honest users locked out by attempts whose password was never checked. An attempt refused
// for its account's limit, or refused because the hashing queue was full (SERVICE_UNAVAILABLE), is
// no failure of the client's: if it stayed counted, a flood against one account, or a load spike,
// would use up the limits of every user behind the same address. Yet an attempt whose check failed
// for any other reason (the directory is down) must stay counted, or errors become free guesses.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError, ServiceUnavailableError } from '../../domain/auth-error';
import { AuthSettings } from '../auth-settings';
import { SignInThrottle } from './sign-in-throttle';

const NOW = new Date('2026-03-01T12:00:00Z');
const CLIENT = '203.0.113.9';

function throttleWith(perAccountLimit: number, perClientLimit: number) {
  const settings = { signInThrottle: { perAccount: { limit: perAccountLimit, windowSeconds: 900 }, perClient: { limit: perClientLimit, windowSeconds: 900 }, maxChecksInFlightPerClient: 4 } } as AuthSettings;
  return new SignInThrottle(new MemoryAttemptCounter(), settings);
}

const WRONG = () => Promise.resolve(undefined);
const RIGHT = () => Promise.resolve('user-id');
const QUEUE_FULL = () => Promise.reject(new ServiceUnavailableError('Too many sign-ins are being checked.', { retryAfterSeconds: 1 }));

/** 'signed in', 'wrong password', or the code of the error the attempt ended in. */
function signIn(throttle: SignInThrottle, username: string, clientAddress: string | undefined, check: () => Promise<string | undefined>) {
  return throttle.guard(username, clientAddress, NOW, check, (found) => found !== undefined).then(
    (found) => (found ? 'signed in' : 'wrong password'),
    (error: unknown) => (error instanceof AuthError ? error.code : (error as Error).message),
  );
}

describe('attempts the sign-in throttle does not hold against anyone', () => {
  it("an attempt refused for its account's limit does not count against the client", async () => {
    const throttle = throttleWith(1, 2);
    expect(await signIn(throttle, 'ann', CLIENT, WRONG)).toBe('wrong password');
    expect(await signIn(throttle, 'ann', CLIENT, RIGHT)).toBe('TOO_MANY_ATTEMPTS');
    // One failure from this client so far: its second attempt is still within its limit of 2.
    expect(await signIn(throttle, 'bob', CLIENT, RIGHT)).toBe('signed in');
  });

  it('an attempt refused for a full hashing queue does not count against the account', async () => {
    const throttle = throttleWith(1, 1000);
    expect(await signIn(throttle, 'ann', undefined, QUEUE_FULL)).toBe('SERVICE_UNAVAILABLE');
    expect(await signIn(throttle, 'ann', undefined, WRONG)).toBe('wrong password');
    expect(await signIn(throttle, 'ann', undefined, RIGHT)).toBe('TOO_MANY_ATTEMPTS');
  });

  it('an attempt refused for a full hashing queue does not count against the client', async () => {
    const throttle = throttleWith(1000, 1);
    expect(await signIn(throttle, 'ann', CLIENT, QUEUE_FULL)).toBe('SERVICE_UNAVAILABLE');
    expect(await signIn(throttle, 'bob', CLIENT, WRONG)).toBe('wrong password');
    expect(await signIn(throttle, 'carol', CLIENT, RIGHT)).toBe('TOO_MANY_ATTEMPTS');
  });

  it('an attempt whose check failed for another reason stays counted against the account and the client', async () => {
    const throttle = throttleWith(1, 1);
    expect(await signIn(throttle, 'ann', undefined, () => Promise.reject(new Error('directory down')))).toBe('directory down');
    expect(await signIn(throttle, 'ann', undefined, RIGHT)).toBe('TOO_MANY_ATTEMPTS');
    expect(await signIn(throttle, 'bob', CLIENT, () => Promise.reject(new Error('directory down')))).toBe('directory down');
    expect(await signIn(throttle, 'carol', CLIENT, RIGHT)).toBe('TOO_MANY_ATTEMPTS');
  });
});
