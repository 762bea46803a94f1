// Threat: a store that keeps what a completed sign-in should have erased. Each lockout leaves a
// record keyed by the account's count window and block, kept for the whole window (30 days by
// default) so an ended lockout is never reopened. A completed sign-in forgets the account's
// failures; if it left those records, every account that ever met a lockout would hold them in
// memory (or Redis) for a month, and an attacker could grow the store at will.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError } from '../../domain/auth-error';
import { AuthSettings } from '../auth-settings';
import { LaterStepThrottle } from './later-step-throttle';

describe('a completed sign-in and the later-step lockout records', () => {
  it('completing drops the account count and the record of every lockout block, the last one included', async () => {
    let now = new Date('2026-03-01T12:00:00Z');
    const counter = new MemoryAttemptCounter();
    // Two blocks of 2 failures under a hard stop of 5: block 2 opens at the 5th failure.
    const settings = { laterStepThrottle: { failuresBeforeLockout: 2, lockoutSeconds: 60, maxFailures: 5, windowSeconds: 3600 } } as AuthSettings;
    const limits = new LaterStepThrottle(counter, settings);
    const wrong = () => limits.guard('u-ann', undefined, now, () => Promise.reject(new AuthError('OTP_INVALID', 'Wrong PIN.'))).catch((error: AuthError) => error.code);
    const waitOutLockout = () => (now = new Date(now.getTime() + 61_000));

    expect(await wrong()).toBe('OTP_INVALID');
    expect(await wrong()).toBe('OTP_INVALID');
    expect(await wrong()).toBe('TOO_MANY_ATTEMPTS');
    waitOutLockout();
    expect(await wrong()).toBe('OTP_INVALID');
    expect(await wrong()).toBe('OTP_INVALID');
    expect(await wrong()).toBe('TOO_MANY_ATTEMPTS');
    waitOutLockout();
    expect(await wrong()).toBe('OTP_INVALID');
    // The account's count and the two lockout records.
    expect(counter.size).toBe(3);

    await limits.completed('u-ann', now);
    expect(counter.size).toBe(0);
  });
});
