import { randomBytes } from 'node:crypto';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { PendingTotpSetup, SealedSecret, TotpEnrollment, TotpEnrollmentRepository } from '../ports/totp-enrollment-repository';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

// The RFC 6238 time step (30 s) of 2026-01-01T08:00:00Z.
const STEP = 58_908_480;
// How long a begun setup waits for its first code in these tests.
const SETUP_TTL_MS = 10 * 60 * 1000;

/**
 * The behaviour every `TotpEnrollmentRepository` must show, above all that a TOTP code is accepted
 * once (RFC 6238 section 5.2: a verifier must not accept the second attempt of a used OTP) even when
 * requests race. `make` runs before each test; tests use fresh user ids, so a factory may share a
 * database between tests.
 *
 * @example
 * totpEnrollmentRepositoryContract('memory', async () => ({ repository: new MemoryTotpEnrollmentRepository(), close: async () => {} }));
 */
export function totpEnrollmentRepositoryContract(
  name: string,
  make: () => Promise<{ repository: TotpEnrollmentRepository; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`TotpEnrollmentRepository contract: ${name}`, () => {
    let repository: TotpEnrollmentRepository;
    let close: () => Promise<void>;
    let tag: string;
    let clock: FixedClock;

    beforeEach(async () => {
      ({ repository, close } = await make());
      tag = uniqueTag();
      // Milliseconds in the clock catch a store that rounds expiry or enabling times to seconds.
      clock = new FixedClock(new Date('2026-01-01T08:00:00.456Z'));
    });
    afterEach(async () => close());

    const user = (name: string) => `${tag}-${name}`;
    const sealed = (keyId = 'k2026'): SealedSecret => ({ keyId, ciphertext: randomBytes(60).toString('base64url') });

    async function enrolled(userId: string, overrides: Partial<TotpEnrollment> = {}): Promise<TotpEnrollment> {
      // Milliseconds in the enabling time catch a store that rounds to seconds.
      const enrollment = { userId, secret: sealed(), lastTimeStep: STEP, enabledAt: new Date('2026-01-01T08:00:00.123Z'), ...overrides };
      await repository.save(enrollment);
      return enrollment;
    }

    async function begun(userId: string): Promise<PendingTotpSetup> {
      const setup = { userId, secret: sealed(), expiresAt: new Date(clock.now().getTime() + SETUP_TTL_MS) };
      await repository.savePending(setup);
      return setup;
    }

    const expiryOf = (setup: PendingTotpSetup, offsetMs = 0) => new Date(setup.expiresAt.getTime() + offsetMs);

    it('returns a saved enrolment with every field, its enabling time to the millisecond', async () => {
      const enrollment = await enrolled(user('alice'));

      expect(await repository.find(enrollment.userId)).toEqual(enrollment);
    });

    // RFC 6238 section 4.2: time values beyond 32 bits must work; a 32-bit column would wrap or fail.
    it('returns a time step beyond 32 bits as the same number', async () => {
      const enrollment = await enrolled(user('far-future'), { lastTimeStep: 2 ** 40 + 7 });

      expect((await repository.find(enrollment.userId))?.lastTimeStep).toBe(2 ** 40 + 7);
      expect(await repository.acceptTimeStep(enrollment.userId, 2 ** 40 + 8)).toBe(true);
      expect((await repository.find(enrollment.userId))?.lastTimeStep).toBe(2 ** 40 + 8);
    });

    it('answers undefined for a user who never enrolled', async () => {
      expect(await repository.find(user('nobody'))).toBeUndefined();
    });

    it("saving again replaces the user's enrolment whole: a re-enrolment brings its own secret and time step", async () => {
      const first = await enrolled(user('bob'));
      const second = { userId: first.userId, secret: sealed('k2027'), lastTimeStep: STEP + 400, enabledAt: new Date('2026-01-01T08:03:20.456Z') };

      await repository.save(second);

      expect(await repository.find(first.userId)).toEqual(second);
      expect(await repository.acceptTimeStep(first.userId, STEP + 400)).toBe(false);
    });

    it('does not see changes made to an enrolment after it was saved or found', async () => {
      const enrollment = { userId: user('carol'), secret: { keyId: 'k2026', ciphertext: 'c1' }, lastTimeStep: STEP, enabledAt: new Date('2026-01-01T08:00:00.123Z') };
      await repository.save(enrollment);
      enrollment.secret.ciphertext = 'altered';
      enrollment.enabledAt.setTime(0);
      const found = await repository.find(enrollment.userId);
      found?.enabledAt.setTime(0);

      expect(await repository.find(enrollment.userId)).toEqual({ ...enrollment, secret: { keyId: 'k2026', ciphertext: 'c1' }, enabledAt: new Date('2026-01-01T08:00:00.123Z') });
    });

    it("removes only the user's enrolment; removing again, or for a user without one, is harmless", async () => {
      const dora = await enrolled(user('dora'));
      const erik = await enrolled(user('erik'));

      await repository.remove(dora.userId);
      await repository.remove(dora.userId);
      await repository.remove(user('nobody'));

      expect(await repository.find(dora.userId)).toBeUndefined();
      expect(await repository.acceptTimeStep(dora.userId, STEP + 1)).toBe(false);
      expect(await repository.find(erik.userId)).toEqual(erik);
    });

    it('accepts a later time step and records it, changing nothing else', async () => {
      const enrollment = await enrolled(user('fay'));

      expect(await repository.acceptTimeStep(enrollment.userId, STEP + 1)).toBe(true);

      expect(await repository.find(enrollment.userId)).toEqual({ ...enrollment, lastTimeStep: STEP + 1 });
    });

    it('refuses a replayed code: the recorded time step and every earlier one, leaving the record as it was', async () => {
      const enrollment = await enrolled(user('gus'));
      expect(await repository.acceptTimeStep(enrollment.userId, STEP + 2)).toBe(true);

      for (const replayed of [STEP + 2, STEP + 1, STEP, STEP - 1]) {
        expect(await repository.acceptTimeStep(enrollment.userId, replayed)).toBe(false);
      }
      expect((await repository.find(enrollment.userId))?.lastTimeStep).toBe(STEP + 2);
    });

    it('refuses a time step for a user without an enrolment and enrols nobody', async () => {
      expect(await repository.acceptTimeStep(user('nobody'), STEP)).toBe(false);
      expect(await repository.find(user('nobody'))).toBeUndefined();
    });

    it("accepts one user's time step without touching another's", async () => {
      const hana = await enrolled(user('hana'));
      const ivan = await enrolled(user('ivan'));

      expect(await repository.acceptTimeStep(hana.userId, STEP + 5)).toBe(true);

      expect(await repository.find(ivan.userId)).toEqual(ivan);
      expect(await repository.acceptTimeStep(ivan.userId, STEP + 1)).toBe(true);
    });

    // Threat: one code replayed by parallel requests (a phished code relayed at once) signing in twice.
    it('of 20 parallel submissions of one time step exactly one is accepted', async () => {
      const enrollment = await enrolled(user('jon'));

      const answers = await Promise.all(Array.from({ length: 20 }, () => repository.acceptTimeStep(enrollment.userId, STEP + 1)));

      expect(answers.filter(Boolean)).toHaveLength(1);
      expect((await repository.find(enrollment.userId))?.lastTimeStep).toBe(STEP + 1);
    });

    // Which of the lower steps also got true depends on the order the store ran them in; the port
    // promises only that the highest wins and that no lower step ever replaces a higher one.
    it('of parallel submissions of different time steps the highest is accepted and stays recorded', async () => {
      const enrollment = await enrolled(user('kim'));
      const steps = Array.from({ length: 20 }, (_, index) => STEP + 1 + ((index * 7) % 20));

      const answers = await Promise.all(steps.map((step) => repository.acceptTimeStep(enrollment.userId, step)));

      expect(answers[steps.indexOf(STEP + 20)]).toBe(true);
      expect((await repository.find(enrollment.userId))?.lastTimeStep).toBe(STEP + 20);
      expect(await repository.acceptTimeStep(enrollment.userId, STEP + 20)).toBe(false);
    });

    it('reseals while the stored secret is the expected one, keeping the time step and enabling time', async () => {
      const enrollment = await enrolled(user('lea'));
      const resealed = sealed('k2027');

      expect(await repository.reseal(enrollment.userId, enrollment.secret, resealed)).toBe(true);

      expect(await repository.find(enrollment.userId)).toEqual({ ...enrollment, secret: resealed });
      // The secret it was resealed from is stale now.
      expect(await repository.reseal(enrollment.userId, enrollment.secret, sealed('k2028'))).toBe(false);
      expect((await repository.find(enrollment.userId))?.secret).toEqual(resealed);
    });

    it('refuses a reseal whose expected secret differs in its key id alone or in its ciphertext alone', async () => {
      const enrollment = await enrolled(user('max'));
      const { keyId, ciphertext } = enrollment.secret;

      expect(await repository.reseal(enrollment.userId, { keyId: 'k-other', ciphertext }, sealed('k2027'))).toBe(false);
      expect(await repository.reseal(enrollment.userId, { keyId, ciphertext: sealed().ciphertext }, sealed('k2027'))).toBe(false);

      expect(await repository.find(enrollment.userId)).toEqual(enrollment);
    });

    it('refuses a reseal for a user without an enrolment and enrols nobody', async () => {
      expect(await repository.reseal(user('nobody'), sealed(), sealed('k2027'))).toBe(false);
      expect(await repository.find(user('nobody'))).toBeUndefined();
    });

    it('of 20 parallel reseals of one secret exactly one lands, and the stored secret is its', async () => {
      const enrollment = await enrolled(user('nia'));
      const candidates = Array.from({ length: 20 }, () => sealed('k2027'));

      const answers = await Promise.all(candidates.map((resealed) => repository.reseal(enrollment.userId, enrollment.secret, resealed)));

      expect(answers.filter(Boolean)).toHaveLength(1);
      expect((await repository.find(enrollment.userId))?.secret).toEqual(candidates[answers.indexOf(true)]);
    });

    // Threat: a reseal that writes back a copy read before a code was accepted would lower the
    // recorded time step and let that code be replayed.
    it('a reseal racing an accepted time step loses neither change', async () => {
      for (let round = 0; round < 10; round++) {
        const enrollment = await enrolled(user(`olaf-${round}`));
        const resealed = sealed('k2027');
        const accept = () => repository.acceptTimeStep(enrollment.userId, STEP + 1);
        const reseal = () => repository.reseal(enrollment.userId, enrollment.secret, resealed);

        // Both orders of issue, so neither call always reaches the store first.
        const answers = round % 2 === 0 ? await Promise.all([accept(), reseal()]) : (await Promise.all([reseal(), accept()])).reverse();

        expect(answers).toEqual([true, true]);
        expect(await repository.find(enrollment.userId)).toEqual({ ...enrollment, secret: resealed, lastTimeStep: STEP + 1 });
        expect(await repository.acceptTimeStep(enrollment.userId, STEP + 1)).toBe(false);
      }
    });

    it('returns a pending setup with every field, its expiry to the millisecond, until it expires', async () => {
      const setup = await begun(user('pia'));

      expect(await repository.findPending(setup.userId, clock.now())).toEqual(setup);
      expect(await repository.findPending(setup.userId, expiryOf(setup, -1))).toEqual(setup);
      expect(await repository.findPending(setup.userId, expiryOf(setup))).toBeUndefined();
      expect(await repository.findPending(setup.userId, expiryOf(setup, 60_000))).toBeUndefined();
      expect(await repository.findPending(user('nobody'), clock.now())).toBeUndefined();
    });

    it('a begun setup replaces the earlier pending one and leaves the current enrolment as it was', async () => {
      const enrollment = await enrolled(user('quin'));
      await begun(enrollment.userId);
      clock.advance(30);
      const later = await begun(enrollment.userId);

      expect(await repository.findPending(enrollment.userId, clock.now())).toEqual(later);
      expect(await repository.find(enrollment.userId)).toEqual(enrollment);
      expect(await repository.acceptTimeStep(enrollment.userId, STEP + 1)).toBe(true);
    });

    it('a begun setup enrols nobody until it is confirmed', async () => {
      const setup = await begun(user('rita'));

      expect(await repository.find(setup.userId)).toBeUndefined();
      expect(await repository.acceptTimeStep(setup.userId, STEP + 1)).toBe(false);
    });

    it('confirming makes the setup the enrolment, with the confirming time step and time, and ends the setup', async () => {
      const setup = await begun(user('sam'));
      clock.advance(45);

      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, clock.now())).toBe(true);

      expect(await repository.find(setup.userId)).toEqual({ userId: setup.userId, secret: setup.secret, lastTimeStep: STEP + 1, enabledAt: clock.now() });
      expect(await repository.findPending(setup.userId, clock.now())).toBeUndefined();
      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 2, clock.now())).toBe(false);
      // The code shown while enrolling is used up: its time step cannot sign in.
      expect(await repository.acceptTimeStep(setup.userId, STEP + 1)).toBe(false);
      expect(await repository.acceptTimeStep(setup.userId, STEP + 2)).toBe(true);
    });

    it('confirming a re-enrolment replaces the previous enrolment whole, even a later time step', async () => {
      const previous = await enrolled(user('tess'), { lastTimeStep: STEP + 500 });
      const setup = await begun(previous.userId);

      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, clock.now())).toBe(true);

      expect(await repository.find(setup.userId)).toEqual({ userId: setup.userId, secret: setup.secret, lastTimeStep: STEP + 1, enabledAt: clock.now() });
    });

    // Threat: a code for a secret the user has since replaced (shown on an abandoned screen, or
    // read off by someone else) enrolling that secret in place of the one the user holds now.
    it('refuses to confirm a setup replaced since it was read, leaving the newer one pending', async () => {
      const earlier = await begun(user('uma'));
      const later = await begun(earlier.userId);

      expect(await repository.confirmPending(earlier.userId, earlier.secret, STEP + 1, clock.now())).toBe(false);

      expect(await repository.find(earlier.userId)).toBeUndefined();
      expect(await repository.findPending(earlier.userId, clock.now())).toEqual(later);
      expect(await repository.confirmPending(later.userId, later.secret, STEP + 1, clock.now())).toBe(true);
    });

    it('refuses to confirm with a secret that differs from the pending one in its key id alone or in its ciphertext alone', async () => {
      const setup = await begun(user('vic'));
      const { keyId, ciphertext } = setup.secret;

      expect(await repository.confirmPending(setup.userId, { keyId: 'k-other', ciphertext }, STEP + 1, clock.now())).toBe(false);
      expect(await repository.confirmPending(setup.userId, { keyId, ciphertext: sealed().ciphertext }, STEP + 1, clock.now())).toBe(false);

      expect(await repository.find(setup.userId)).toBeUndefined();
      expect(await repository.findPending(setup.userId, clock.now())).toEqual(setup);
    });

    it('refuses to confirm an expired setup, from the moment it expires, leaving the enrolment as it was', async () => {
      const enrollment = await enrolled(user('wes'));
      const setup = await begun(enrollment.userId);

      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, expiryOf(setup))).toBe(false);
      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, expiryOf(setup, 60_000))).toBe(false);

      expect(await repository.find(enrollment.userId)).toEqual(enrollment);
      // Just before its expiry the same setup could still be confirmed.
      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, expiryOf(setup, -1))).toBe(true);
    });

    it("refuses to confirm for a user without a pending setup, even with another user's secret, and enrols nobody", async () => {
      const other = await begun(user('xia'));

      expect(await repository.confirmPending(user('nobody'), other.secret, STEP + 1, clock.now())).toBe(false);

      expect(await repository.find(user('nobody'))).toBeUndefined();
      expect(await repository.find(other.userId)).toBeUndefined();
      expect(await repository.findPending(other.userId, clock.now())).toEqual(other);
    });

    // Threat: one setup confirmed by parallel requests, each writing an enrolment; with different
    // time steps a loser could overwrite the winner's and reopen a used step.
    it('of 20 parallel confirmations of one setup exactly one is accepted, and the enrolment is its', async () => {
      const setup = await begun(user('yan'));
      const steps = Array.from({ length: 20 }, (_, index) => STEP + 1 + index);

      const answers = await Promise.all(steps.map((step) => repository.confirmPending(setup.userId, setup.secret, step, clock.now())));

      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await repository.find(setup.userId)).toEqual({
        userId: setup.userId,
        secret: setup.secret,
        lastTimeStep: steps[answers.indexOf(true)],
        enabledAt: clock.now(),
      });
      expect(await repository.findPending(setup.userId, clock.now())).toBeUndefined();
    });

    it("removing drops the user's pending setup as well as the enrolment, and no other user's", async () => {
      const enrollment = await enrolled(user('zoe'));
      const setup = await begun(enrollment.userId);
      const onlyPending = await begun(user('abe'));
      const other = await begun(user('bea'));

      await repository.remove(enrollment.userId);
      await repository.remove(onlyPending.userId);

      expect(await repository.find(enrollment.userId)).toBeUndefined();
      expect(await repository.findPending(setup.userId, clock.now())).toBeUndefined();
      expect(await repository.confirmPending(setup.userId, setup.secret, STEP + 1, clock.now())).toBe(false);
      expect(await repository.findPending(onlyPending.userId, clock.now())).toBeUndefined();
      expect(await repository.findPending(other.userId, clock.now())).toEqual(other);
    });

    // Threat: a user disabling TOTP (a lost or stolen authenticator) while a setup is confirmed
    // finding an enrolment in place afterwards.
    it('removing while a setup is confirmed leaves neither an enrolment nor a pending setup', async () => {
      for (let round = 0; round < 20; round++) {
        const setup = await begun(user(`cid-${round}`));
        const confirm = () => repository.confirmPending(setup.userId, setup.secret, STEP + 1, clock.now());
        const remove = () => repository.remove(setup.userId);
        // The second call starts a few turns of the promise queue after the first, so that it can
        // land between the first one's statements, wherever those are.
        const after = async (turns: number, call: () => Promise<unknown>) => {
          for (let turn = 0; turn < turns; turn++) await Promise.resolve();
          return call();
        };

        // Both orders of issue, so neither call always reaches the store first.
        await Promise.all(round % 2 === 0 ? [confirm(), after(round, remove)] : [remove(), after(round, confirm)]);

        expect(await repository.find(setup.userId)).toBeUndefined();
        expect(await repository.findPending(setup.userId, clock.now())).toBeUndefined();
      }
    });
  });
}
