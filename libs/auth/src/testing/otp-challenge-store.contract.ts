import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveTestRunner, type TestRunner } from './test-runner';
import type { OtpAttemptOutcome, OtpBinding, OtpChallengeState } from '../domain/otp-challenge';
import { OtpChallengeStore } from '../ports/otp-challenge-store';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const CHALLENGE_SECONDS = 300;
const MAX_ATTEMPTS = 5;
/** Long enough for a few round trips to a local server, short enough to wait out in a test. */
const SHORT_TTL_MS = 250;

/** A digest as `OtpCodeDigest` makes them: 64 lowercase hex characters. */
const newDigest = () => randomBytes(32).toString('hex');

/**
 * The behaviour every `OtpChallengeStore` must show. `make` runs before each test; tests use unique
 * bindings, so a factory may share one store between tests.
 *
 * @example
 * otpChallengeStoreContract('memory', async () => ({ store: new MemoryOtpChallengeStore(), close: async () => {} }));
 */
export function otpChallengeStoreContract(
  name: string,
  make: () => Promise<{ store: OtpChallengeStore; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`OtpChallengeStore contract: ${name}`, () => {
    let store: OtpChallengeStore;
    let close: () => Promise<void>;
    let clock: FixedClock;
    let flowId: string;
    let flow: OtpBinding;
    let right: string;
    let wrong: string;

    beforeEach(async () => {
      ({ store, close } = await make());
      // Starts at the real time: Redis expires keys by its own wall clock, so expiry is tested with
      // short lifetimes that really pass (see `elapse`), and a store driven by the caller's clock
      // sees the same time go by.
      clock = new FixedClock(new Date());
      flowId = uniqueTag();
      flow = { kind: 'flow', flowId };
      right = newDigest();
      wrong = newDigest();
    });
    afterEach(async () => close());

    function challenge(binding: OtpBinding, codeDigest: string, lifetimeMs = CHALLENGE_SECONDS * 1000): OtpChallengeState {
      return {
        id: uniqueTag(),
        userId: `user-${uniqueTag()}`,
        binding,
        channel: 'email',
        codeDigest,
        expiresAt: new Date(clock.now().getTime() + lifetimeMs),
        attempts: 0,
        maxAttempts: MAX_ATTEMPTS,
      };
    }

    const consume = (binding: OtpBinding, digest: string) => store.consume(binding, digest, clock.now());
    const outcomes = (results: readonly OtpAttemptOutcome[], outcome: OtpAttemptOutcome['outcome']) => results.filter((r) => r.outcome === outcome);
    const attemptsLeft = (results: readonly OtpAttemptOutcome[]) =>
      results.flatMap((r) => (r.outcome === 'rejected' ? [r.attemptsLeft] : [])).sort((a, b) => a - b);

    async function elapse(ms: number): Promise<void> {
      await sleep(ms);
      clock.set(new Date(clock.now().getTime() + ms));
    }

    it('accepts the right code once and returns the challenge; a replay of that code finds nothing', async () => {
      const issued = challenge(flow, right);
      await store.issue(issued, clock.now());

      expect(await consume(flow, right)).toEqual({ outcome: 'accepted', challenge: { ...issued, attempts: 1 } });
      expect(await consume(flow, right)).toEqual({ outcome: 'unknown' });
      expect(await store.find(flow, clock.now())).toBeUndefined();
    });

    it('answers unknown for a binding no challenge was issued for', async () => {
      expect(await consume(flow, right)).toEqual({ outcome: 'unknown' });
      expect(await store.find(flow, clock.now())).toBeUndefined();
    });

    it('counts a wrong code and tells how many tries are left, then still accepts the right one', async () => {
      await store.issue(challenge(flow, right), clock.now());

      expect(await consume(flow, wrong)).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await consume(flow, wrong)).toEqual({ outcome: 'rejected', attemptsLeft: 3 });
      expect(await consume(flow, right)).toMatchObject({ outcome: 'accepted', challenge: { attempts: 3 } });
    });

    it('caps guessing: after five wrong codes even the right one is refused as exhausted', async () => {
      await store.issue(challenge(flow, right), clock.now());
      const answers = [];
      for (let i = 0; i < MAX_ATTEMPTS; i++) answers.push(await consume(flow, wrong));

      expect(answers).toEqual([
        { outcome: 'rejected', attemptsLeft: 4 },
        { outcome: 'rejected', attemptsLeft: 3 },
        { outcome: 'rejected', attemptsLeft: 2 },
        { outcome: 'rejected', attemptsLeft: 1 },
        { outcome: 'exhausted' },
      ]);
      expect(await consume(flow, right)).toEqual({ outcome: 'exhausted' });
      expect(await consume(flow, right)).toEqual({ outcome: 'exhausted' });
    });

    it('counts the attempt before comparing: the fifth try may be the right code, a sixth never is', async () => {
      const other: OtpBinding = { kind: 'flow', flowId: uniqueTag() };
      await store.issue(challenge(flow, right), clock.now());
      await store.issue(challenge(other, right), clock.now());
      for (let i = 0; i < MAX_ATTEMPTS - 1; i++) await consume(flow, wrong);
      for (let i = 0; i < MAX_ATTEMPTS; i++) await consume(other, wrong);

      expect(await consume(flow, right)).toMatchObject({ outcome: 'accepted', challenge: { attempts: MAX_ATTEMPTS } });
      expect(await consume(other, right)).toEqual({ outcome: 'exhausted' });
    });

    it('matches only the whole digest: a prefix, an empty string or another case counts as a wrong code', async () => {
      await store.issue(challenge(flow, right), clock.now());

      expect(await consume(flow, right.slice(0, 32))).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await consume(flow, '')).toEqual({ outcome: 'rejected', attemptsLeft: 3 });
      expect(await consume(flow, `${right}0`)).toEqual({ outcome: 'rejected', attemptsLeft: 2 });
      expect(await consume(flow, right.toUpperCase())).toEqual({ outcome: 'rejected', attemptsLeft: 1 });
      expect(await consume(flow, right)).toMatchObject({ outcome: 'accepted', challenge: { attempts: 5 } });
    });

    it('refuses the right code once the caller’s clock reaches the expiry', async () => {
      await store.issue(challenge(flow, right), clock.now());
      clock.advance(CHALLENGE_SECONDS);

      expect(await consume(flow, right)).toEqual({ outcome: 'expired' });
      expect(await store.find(flow, clock.now())).toBeUndefined();
      expect((await consume(flow, right)).outcome).not.toBe('accepted');
    });

    it('lets a challenge disappear once its lifetime has really passed', async () => {
      await store.issue(challenge(flow, right, SHORT_TTL_MS), clock.now());
      await elapse(SHORT_TTL_MS + 250);

      expect(await store.find(flow, clock.now())).toBeUndefined();
      const late = (await consume(flow, right)).outcome;
      expect(late === 'expired' || late === 'unknown').toBe(true);
    });

    it('measures a challenge’s lifetime on the caller’s clock, even a day behind the wall clock', async () => {
      // A store that measured from its own time would see this challenge as a day past its expiry
      // and keep it for a moment only: the code would vanish while the user typed it.
      clock.set(new Date(Date.now() - 86_400_000));
      await store.issue(challenge(flow, right), clock.now());
      await elapse(1_500);

      expect((await store.find(flow, clock.now()))?.codeDigest).toBe(right);
      expect((await consume(flow, right)).outcome).toBe('accepted');
    });

    it('voids the old code when a new challenge is issued for the same binding, and starts its count afresh', async () => {
      const fresh = newDigest();
      await store.issue(challenge(flow, right), clock.now());
      for (let i = 0; i < 3; i++) await consume(flow, wrong);
      const replacement = challenge(flow, fresh);
      await store.issue(replacement, clock.now());

      expect(await consume(flow, right)).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await consume(flow, fresh)).toEqual({ outcome: 'accepted', challenge: { ...replacement, attempts: 2 } });
    });

    it('voids the old code even when the new challenge has already expired', async () => {
      await store.issue(challenge(flow, right), clock.now());
      await store.issue(challenge(flow, newDigest(), -60_000), clock.now());

      expect(await consume(flow, right)).toEqual({ outcome: 'expired' });
    });

    it('keeps a flow, an operation and a password reset with the same id apart', async () => {
      const id = uniqueTag();
      const bindings: OtpBinding[] = [
        { kind: 'flow', flowId: id },
        { kind: 'operation', operationId: id },
        { kind: 'password-reset', challengeId: id },
      ];
      const digests = bindings.map(() => newDigest());
      for (const [i, binding] of bindings.entries()) await store.issue(challenge(binding, digests[i]), clock.now());

      expect(await consume(bindings[0], digests[1])).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await consume(bindings[1], digests[2])).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await consume(bindings[2], digests[0])).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      for (const [i, binding] of bindings.entries()) {
        expect(await consume(binding, digests[i])).toMatchObject({ outcome: 'accepted', challenge: { binding, attempts: 2 } });
      }
    });

    it('keeps two flows apart: one flow’s code, attempts and acceptance do not touch the other', async () => {
      const second: OtpBinding = { kind: 'flow', flowId: uniqueTag() };
      const secondCode = newDigest();
      await store.issue(challenge(flow, right), clock.now());
      await store.issue(challenge(second, secondCode), clock.now());

      expect(await consume(second, right)).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      for (let i = 0; i < MAX_ATTEMPTS; i++) await consume(flow, wrong);
      expect(await consume(flow, right)).toEqual({ outcome: 'exhausted' });
      expect(await consume(second, secondCode)).toMatchObject({ outcome: 'accepted', challenge: { binding: second, attempts: 2 } });
    });

    it('finds the live challenge without counting an attempt', async () => {
      const issued = challenge(flow, right);
      await store.issue(issued, clock.now());

      expect(await store.find(flow, clock.now())).toEqual(issued);
      expect(await store.find(flow, clock.now())).toEqual(issued);
      expect(await consume(flow, wrong)).toEqual({ outcome: 'rejected', attemptsLeft: 4 });
      expect(await store.find(flow, clock.now())).toEqual({ ...issued, attempts: 1 });
      expect(await store.find({ kind: 'operation', operationId: flowId }, clock.now())).toBeUndefined();
    });

    it('discards a challenge so its code no longer works, and discards a missing one quietly', async () => {
      await store.issue(challenge(flow, right), clock.now());
      await store.discard(flow);

      expect(await consume(flow, right)).toEqual({ outcome: 'unknown' });
      expect(await store.find(flow, clock.now())).toBeUndefined();
      await store.discard(flow);
      await store.discard({ kind: 'password-reset', challengeId: uniqueTag() });
    });

    it('accepts exactly one of twenty parallel submissions of the right code', async () => {
      await store.issue(challenge(flow, right), clock.now());
      const results = await Promise.all(Array.from({ length: 20 }, () => consume(flow, right)));

      expect(outcomes(results, 'accepted')).toHaveLength(1);
      expect(outcomes(results, 'unknown')).toHaveLength(19);
      expect(await store.find(flow, clock.now())).toBeUndefined();
    });

    it('counts exactly five of twenty parallel wrong codes, and then refuses the right one', async () => {
      await store.issue(challenge(flow, right), clock.now());
      const results = await Promise.all(Array.from({ length: 20 }, () => consume(flow, wrong)));

      expect(attemptsLeft(results)).toEqual([1, 2, 3, 4]);
      expect(outcomes(results, 'exhausted')).toHaveLength(16);
      expect((await store.find(flow, clock.now()))?.attempts).toBe(MAX_ATTEMPTS);
      expect(await consume(flow, right)).toEqual({ outcome: 'exhausted' });
    });

    it('never checks more than five codes when right and wrong ones arrive in parallel', async () => {
      // Orders from "right code first" to "right codes only after the cap": whatever order the
      // store serves them in, no more than five are counted and a right code after them is refused.
      for (const wrongFirst of [0, 2, 4, 5, 8]) {
        const binding: OtpBinding = { kind: 'flow', flowId: uniqueTag() };
        await store.issue(challenge(binding, right), clock.now());
        const digests = Array.from({ length: 20 }, (_, i) => (i < wrongFirst || (i - wrongFirst) % 2 === 1 ? wrong : right));
        const results = await Promise.all(digests.map((digest) => consume(binding, digest)));
        const accepted = outcomes(results, 'accepted');
        const left = attemptsLeft(results);

        expect(accepted.length <= 1).toBe(true);
        expect(new Set(left).size).toBe(left.length);
        expect(left.length + accepted.length <= MAX_ATTEMPTS).toBe(true);
        if (accepted[0]?.outcome === 'accepted') {
          expect(accepted[0].challenge.attempts <= MAX_ATTEMPTS).toBe(true);
          expect(await store.find(binding, clock.now())).toBeUndefined();
        } else {
          expect((await store.find(binding, clock.now()))?.attempts).toBe(MAX_ATTEMPTS);
          expect(await consume(binding, right)).toEqual({ outcome: 'exhausted' });
        }
      }
    });
  });
}
