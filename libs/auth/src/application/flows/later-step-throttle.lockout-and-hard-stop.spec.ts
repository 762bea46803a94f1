// Threat: guessing a later step (PIN, one-time code) across flows, slowly enough to wait out each
// lockout, or in parallel bursts. Lockouts must come after every 25 failures, and a hard stop
// before 100 (NIST SP 800-63B section 5.2.2), and neither may be overshot by parallel guesses.
import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from '../../adapters/memory/memory-attempt-counter';
import { AuthError, TooManyAttemptsError } from '../../domain/auth-error';
import { FixedClock } from '../../testing/fixed-clock';
import { AuthSettings } from '../auth-settings';
import { LaterStepThrottle, laterStepLimits } from './later-step-throttle';

class OtpInvalidStub extends AuthError {
  constructor() {
    super('OTP_INVALID', 'wrong');
  }
}

function throttle(perClientLimit = 10_000) {
  const clock = new FixedClock();
  const settings = { laterStepThrottle: laterStepLimits(), signInThrottle: { perClient: { limit: perClientLimit, windowSeconds: 900 } } } as unknown as AuthSettings;
  return { clock, limiter: new LaterStepThrottle(new MemoryAttemptCounter(), settings) };
}

/** A wrong guess: 'checked' when it reached the check, else the Retry-After of its 429. */
async function guess(limiter: LaterStepThrottle, clock: FixedClock, client = '192.0.2.1'): Promise<'checked' | number> {
  try {
    await limiter.guard('user-1', client, clock.now(), () => Promise.reject(new OtpInvalidStub()));
  } catch (error) {
    if (error instanceof TooManyAttemptsError) return error.retryAfterSeconds;
    return 'checked';
  }
  throw new Error('a wrong guess passed');
}

describe('later-step throttle', () => {
  it('checks 25, then refuses for 900 s; three blocks in all, then a hard stop that waiting out a lockout does not lift', async () => {
    const { clock, limiter } = throttle();
    for (let block = 0; block < 3; block++) {
      for (let i = 0; i < 25; i++) expect(await guess(limiter, clock)).toBe('checked');
      if (block === 2) break;
      expect(await guess(limiter, clock)).toBe(900);
      clock.advance(899);
      expect(await guess(limiter, clock)).toBe(1);
      clock.advance(1);
    }
    // 75 checked: the hard stop, lasting until the 30-day window of the first failure ends.
    const hardStop = await guess(limiter, clock);
    expect(hardStop).toBeGreaterThan(29 * 24 * 3600);
    clock.advance(3600);
    expect(await guess(limiter, clock)).toBeGreaterThan(29 * 24 * 3600);
  });

  it('a flood of refused guesses during a lockout does not bring the hard stop closer', async () => {
    const { clock, limiter } = throttle();
    for (let i = 0; i < 25; i++) await guess(limiter, clock);
    for (let i = 0; i < 200; i++) expect(await guess(limiter, clock)).toBeTypeOf('number');
    clock.advance(900);
    for (let i = 0; i < 25; i++) expect(await guess(limiter, clock)).toBe('checked');
  });

  it('100 parallel guesses: exactly 25 reach the check', async () => {
    const { clock, limiter } = throttle();
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => guess(limiter, clock)));
    expect(outcomes.filter((outcome) => outcome === 'checked')).toHaveLength(25);
  });

  it('a passed step gives its attempt back; a completed sign-in clears the count', async () => {
    const { clock, limiter } = throttle();
    for (let i = 0; i < 24; i++) await guess(limiter, clock);
    for (let i = 0; i < 5; i++) await limiter.guard('user-1', '192.0.2.1', clock.now(), async () => 'passed');
    expect(await guess(limiter, clock)).toBe('checked');
    expect(await guess(limiter, clock)).toBe(900);
    await limiter.completed('user-1', clock.now());
    for (let i = 0; i < 25; i++) expect(await guess(limiter, clock)).toBe('checked');
  });

  it('counts on the client too: failures spread over accounts still hit the per-client limit', async () => {
    const { clock, limiter } = throttle(3);
    for (const user of ['u1', 'u2', 'u3']) {
      await expect(limiter.guard(user, '192.0.2.9', clock.now(), () => Promise.reject(new OtpInvalidStub()))).rejects.toBeInstanceOf(OtpInvalidStub);
    }
    await expect(limiter.guard('u4', '192.0.2.9', clock.now(), async () => 'passed')).rejects.toBeInstanceOf(TooManyAttemptsError);
  });

  it.each([{ maxFailures: 100 }, { failuresBeforeLockout: 0 }, { lockoutSeconds: 1.5 }])('refuses %j at start-up', (given) => {
    expect(() => laterStepLimits(given)).toThrow(/laterStepThrottle/);
  });
});
