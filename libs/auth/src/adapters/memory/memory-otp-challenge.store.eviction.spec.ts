import { FixedClock } from '@stepgate/auth/testing';
import { describe, expect, it } from 'vitest';
import type { OtpBinding, OtpChallengeState } from '../../domain/otp-challenge';
import { MemoryOtpChallengeStore } from './memory-otp-challenge.store';

// Threat: a client starts flow after flow, or asks for reset after reset, and never enters a code.
// Every request leaves a challenge behind; if expired ones were never dropped, the process would
// grow until it ran out of memory.

const DIGEST = 'c'.repeat(64);
const flow = (id: string): OtpBinding => ({ kind: 'flow', flowId: id });

function challenge(binding: OtpBinding, clock: FixedClock, lifetimeSeconds = 300): OtpChallengeState {
  return {
    id: 'c',
    userId: 'u',
    binding,
    channel: 'sms',
    codeDigest: DIGEST,
    expiresAt: new Date(clock.now().getTime() + lifetimeSeconds * 1000),
    attempts: 0,
    maxAttempts: 5,
  };
}

describe('MemoryOtpChallengeStore eviction', () => {
  it('drops 20,000 abandoned challenges as later codes are entered after their expiry', async () => {
    const clock = new FixedClock();
    const store = new MemoryOtpChallengeStore();
    for (let i = 0; i < 20_000; i++) await store.issue(challenge(flow(`abandoned-${i}`), clock), clock.now());
    expect(store.size).toBe(20_000);

    clock.advance(301);
    // Each call inspects a batch of the oldest entries, so 400 calls walk all 20,000.
    for (let i = 0; i < 400; i++) await store.consume(flow(`later-${i}`), DIGEST, clock.now());

    expect(store.size).toBe(0);
  });

  it('keeps sweeping while only new challenges arrive, by the time each issue is given', async () => {
    const clock = new FixedClock();
    const store = new MemoryOtpChallengeStore();
    for (let i = 0; i < 500; i++) await store.issue(challenge(flow(`short-${i}`), clock, 60), clock.now());
    clock.advance(61);
    await store.find(flow('anyone'), clock.now());

    for (let i = 0; i < 100; i++) await store.issue(challenge(flow(`new-${i}`), clock), clock.now());

    expect(store.size).toBe(100);
  });

  it('never drops a live challenge because the wall clock is past the caller’s clock', async () => {
    // A fixed clock in the past, as tests use: sweeping by Date.now() would see every challenge as expired.
    const clock = new FixedClock(new Date('2020-01-01T00:00:00Z'));
    const store = new MemoryOtpChallengeStore();
    for (let i = 0; i < 2_000; i++) await store.issue(challenge(flow(`live-${i}`), clock), clock.now());
    await store.consume(flow('other'), DIGEST, clock.now());

    expect(store.size).toBe(2_000);
    expect((await store.consume(flow('live-0'), DIGEST, clock.now())).outcome).toBe('accepted');
  });

  it('keeps an exhausted challenge only until its expiry', async () => {
    const clock = new FixedClock();
    const store = new MemoryOtpChallengeStore();
    await store.issue(challenge(flow('guessed'), clock), clock.now());
    for (let i = 0; i < 6; i++) await store.consume(flow('guessed'), 'd'.repeat(64), clock.now());
    expect(store.size).toBe(1);

    clock.advance(300);
    expect(await store.consume(flow('guessed'), DIGEST, clock.now())).toEqual({ outcome: 'expired' });
    expect(store.size).toBe(0);
  });
});
