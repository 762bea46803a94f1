// Threat: later-step limits that punish what was no guess. A step refused because the hashing
// queue was full (SERVICE_UNAVAILABLE), or a step the user passed, checked no wrong answer: if such
// attempts stayed counted, a load spike would push an account into its lockout and a user passing
// the PIN every day would use up the shared per-client sign-in limit of everyone behind their
// address. Only wrong answers may count.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError, ServiceUnavailableError } from '../../domain/auth-error';
import { AuthSettings } from '../auth-settings';
import { LaterStepThrottle } from './later-step-throttle';

const NOW = new Date('2026-03-01T12:00:00Z');
const CLIENT = '203.0.113.9';

function throttle(perClientLimit: number) {
  const settings = {
    signInThrottle: { perAccount: { limit: 1000, windowSeconds: 900 }, perClient: { limit: perClientLimit, windowSeconds: 900 }, maxChecksInFlightPerClient: 4 },
    laterStepThrottle: { failuresBeforeLockout: 1, lockoutSeconds: 600, maxFailures: 50, windowSeconds: 3600 },
  } as AuthSettings;
  return new LaterStepThrottle(new MemoryAttemptCounter(), settings);
}

const PASSED = () => Promise.resolve('passed');
const WRONG = () => Promise.reject(new AuthError('OTP_INVALID', 'Wrong PIN.'));
const QUEUE_FULL = () => Promise.reject(new ServiceUnavailableError('Too many sign-ins are being checked.', { retryAfterSeconds: 1 }));

/** 'passed' or the code of the error the step ended in. */
const step = (limits: LaterStepThrottle, userId: string, clientAddress: string | undefined, check: () => Promise<string>) =>
  limits.guard(userId, clientAddress, NOW, check).catch((error: AuthError) => error.code);

describe('later-step attempts that are given back', () => {
  it("a step refused for a full hashing queue does not count toward the account's lockout", async () => {
    // With one failure before each lockout, a second counted attempt would be locked out.
    const limits = throttle(1000);
    expect(await step(limits, 'u-ann', undefined, QUEUE_FULL)).toBe('SERVICE_UNAVAILABLE');
    expect(await step(limits, 'u-ann', undefined, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-ann', undefined, PASSED)).toBe('TOO_MANY_ATTEMPTS');
  });

  it("passed steps and steps refused for a full hashing queue do not count against the client's sign-in limit", async () => {
    const limits = throttle(2);
    expect(await step(limits, 'u-ann', CLIENT, PASSED)).toBe('passed');
    expect(await step(limits, 'u-bob', CLIENT, PASSED)).toBe('passed');
    expect(await step(limits, 'u-carol', CLIENT, QUEUE_FULL)).toBe('SERVICE_UNAVAILABLE');
    expect(await step(limits, 'u-dave', CLIENT, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-erin', CLIENT, WRONG)).toBe('OTP_INVALID');
    // Two wrong answers from this client: its limit of 2 is reached.
    expect(await step(limits, 'u-frank', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
  });

  it("a step refused by the account's lockout does not count against the client", async () => {
    const limits = throttle(2);
    expect(await step(limits, 'u-ann', CLIENT, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-ann', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
    expect(await step(limits, 'u-ann', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
    // One wrong answer from this client so far.
    expect(await step(limits, 'u-bob', CLIENT, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-carol', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('later-step limits per account', () => {
  it("wrong answers for one account never lock another account's later steps", async () => {
    const limits = throttle(1000);
    expect(await step(limits, 'u-ann', CLIENT, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-ann', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
    expect(await step(limits, 'u-bob', CLIENT, WRONG)).toBe('OTP_INVALID');
    expect(await step(limits, 'u-bob', CLIENT, PASSED)).toBe('TOO_MANY_ATTEMPTS');
    expect(await step(limits, 'u-carol', CLIENT, PASSED)).toBe('passed');
  });
});
