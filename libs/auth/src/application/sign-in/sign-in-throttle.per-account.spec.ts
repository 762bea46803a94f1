// Threat: locking out one user by attacking another. The per-account limit must count each account
// on its own counter, apart from the per-client counter: if accounts shared one, a few wrong
// passwords for any name would refuse everyone's sign-in, even with the right password.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError } from '../../domain/auth-error';
import { AuthSettings } from '../auth-settings';
import { SignInThrottle } from './sign-in-throttle';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('per-account sign-in throttle', () => {
  it("failures for one account never throttle another account's sign-in", async () => {
    const settings = { signInThrottle: { perAccount: { limit: 2, windowSeconds: 900 }, perClient: { limit: 1000, windowSeconds: 900 }, maxChecksInFlightPerClient: 4 } } as AuthSettings;
    const throttle = new SignInThrottle(new MemoryAttemptCounter(), settings);
    const signIn = (username: string, right: boolean) =>
      throttle.guard(username, '203.0.113.9', NOW, () => Promise.resolve(right ? username : undefined), (found) => found !== undefined).then(
        (found) => found ?? 'wrong password',
        (error: AuthError) => error.code,
      );
    expect(await signIn('ann', false)).toBe('wrong password');
    expect(await signIn('ann', false)).toBe('wrong password');
    expect(await signIn('ann', true)).toBe('TOO_MANY_ATTEMPTS');
    expect(await signIn('bob', false)).toBe('wrong password');
    expect(await signIn('bob', true)).toBe('bob');
  });
});
