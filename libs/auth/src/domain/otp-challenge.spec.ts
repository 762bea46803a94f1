// A 6-digit code has a million values: what keeps guessing hopeless is that every try is counted,
// counted before it is checked, and that a challenge past its time or its tries answers nothing.
import { describe, expect, it } from 'vitest';
import { OtpChallenge, type OtpChallengeState, bindingKeyOf } from './otp-challenge';

const RIGHT = 'a'.repeat(64);
const WRONG = 'b'.repeat(64);
const issuedAt = new Date('2026-01-01T00:00:00Z');
const expiresAt = new Date('2026-01-01T00:05:00Z');
const equal = (a: string, b: string) => a === b;

function issue(maxAttempts = 5): OtpChallenge {
  return OtpChallenge.issue({
    id: 'c1',
    userId: 'u1',
    binding: { kind: 'flow', flowId: 'f1' },
    channel: 'email',
    codeDigest: RIGHT,
    expiresAt,
    maxAttempts,
  });
}

describe('OtpChallenge: every guess is counted before it is compared', () => {
  it('counts the attempt before the comparison runs, so the comparison already sees it', () => {
    const challenge = issue();
    let countedWhenCompared = -1;
    challenge.attempt(RIGHT, issuedAt, (a, b) => {
      countedWhenCompared = challenge.snapshot().attempts;
      return a === b;
    });

    expect(countedWhenCompared).toBe(1);
  });

  it('counts a wrong code and says how many tries are left', () => {
    const challenge = issue();

    expect(challenge.attempt(WRONG, issuedAt, equal)).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
    expect(challenge.attempt(WRONG, issuedAt, equal)).toEqual({ outcome: 'rejected', attemptsLeft: 3 });
    expect(challenge.snapshot().attempts).toBe(2);
  });

  it('accepts the right code on the last allowed try', () => {
    const challenge = issue();
    for (let i = 0; i < 4; i++) challenge.attempt(WRONG, issuedAt, equal);

    expect(challenge.attempt(RIGHT, issuedAt, equal)).toMatchObject({ outcome: 'accepted', challenge: { attempts: 5 } });
  });

  it('reports the try that uses the last attempt as exhausted, not as one more rejection', () => {
    const challenge = issue();
    for (let i = 0; i < 4; i++) challenge.attempt(WRONG, issuedAt, equal);

    expect(challenge.attempt(WRONG, issuedAt, equal)).toEqual({ outcome: 'exhausted' });
  });

  it('refuses the right code once maxAttempts are used, without comparing or counting it', () => {
    const challenge = issue();
    for (let i = 0; i < 5; i++) challenge.attempt(WRONG, issuedAt, equal);
    let compared = false;

    expect(
      challenge.attempt(RIGHT, issuedAt, (a, b) => {
        compared = true;
        return a === b;
      }),
    ).toEqual({ outcome: 'exhausted' });
    expect(compared).toBe(false);
    expect(challenge.snapshot().attempts).toBe(5);
  });

  it('refuses a restored challenge whose attempts are already used up', () => {
    const used: OtpChallengeState = { ...issue().snapshot(), attempts: 5 };

    expect(OtpChallenge.restore(used).attempt(RIGHT, issuedAt, equal)).toEqual({ outcome: 'exhausted' });
  });
});

describe('OtpChallenge: a code is valid only until its expiry', () => {
  it('accepts the right code a millisecond before expiry', () => {
    expect(issue().attempt(RIGHT, new Date(expiresAt.getTime() - 1), equal).outcome).toBe('accepted');
  });

  it('refuses even the right code at and after expiry, without counting it', () => {
    const challenge = issue();

    expect(challenge.attempt(RIGHT, expiresAt, equal)).toEqual({ outcome: 'expired' });
    expect(challenge.attempt(RIGHT, new Date(expiresAt.getTime() + 60_000), equal)).toEqual({ outcome: 'expired' });
    expect(challenge.snapshot().attempts).toBe(0);
    expect(challenge.isExpired(expiresAt)).toBe(true);
    expect(challenge.isExpired(issuedAt)).toBe(false);
  });

  it('answers expired rather than exhausted once the time is up, so the user is told to ask for a new code', () => {
    const challenge = issue();
    for (let i = 0; i < 5; i++) challenge.attempt(WRONG, issuedAt, equal);

    expect(challenge.attempt(RIGHT, expiresAt, equal)).toEqual({ outcome: 'expired' });
  });
});

describe('OtpChallenge: what an accepted code hands back', () => {
  it('returns the challenge state, so the caller can check whom the code was sent to', () => {
    const outcome = issue().attempt(RIGHT, issuedAt, equal);

    expect(outcome).toEqual({
      outcome: 'accepted',
      challenge: { id: 'c1', userId: 'u1', binding: { kind: 'flow', flowId: 'f1' }, channel: 'email', codeDigest: RIGHT, expiresAt, attempts: 1, maxAttempts: 5 },
    });
  });

  it('starts a new challenge with no attempts counted', () => {
    expect(issue().snapshot().attempts).toBe(0);
  });

  it('refuses a challenge that could never be tried, or tried without bound', () => {
    for (const maxAttempts of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => issue(maxAttempts)).toThrow(RangeError);
  });
});

describe('bindingKeyOf: a code is accepted only where it was issued', () => {
  it('gives a flow, an operation and a reset with the same id different keys', () => {
    const keys = [
      bindingKeyOf({ kind: 'flow', flowId: 'x' }),
      bindingKeyOf({ kind: 'operation', operationId: 'x' }),
      bindingKeyOf({ kind: 'password-reset', challengeId: 'x' }),
    ];

    expect(new Set(keys).size).toBe(3);
  });
});
