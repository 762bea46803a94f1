import { randomUUID } from 'node:crypto';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { AuthSession } from '../domain/auth-session';
import { SessionRepository } from '../ports/session-repository';
import { FixedClock } from './fixed-clock';

/**
 * The behaviour every `SessionRepository` must show. `make` runs before each test; tests use fresh
 * session and user ids, so a factory may share one database between tests. Pass `runner` when your
 * test runner does not provide `describe`, `it`, `expect` and the hooks as globals.
 *
 * @example
 * // my-session.repository.spec.ts (Jest or Vitest)
 * sessionRepositoryContract('my store', async () => {
 *   const repository = new MySessionRepository(await connect());
 *   return { repository, close: () => repository.disconnect() };
 * });
 */
export function sessionRepositoryContract(
  name: string,
  make: () => Promise<{ repository: SessionRepository; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`SessionRepository contract: ${name}`, () => {
    let repository: SessionRepository;
    let close: () => Promise<void>;
    let clock: FixedClock;

    beforeEach(async () => {
      ({ repository, close } = await make());
      // Milliseconds in the start time catch a store that rounds to seconds.
      clock = new FixedClock(new Date('2026-01-01T08:00:00.123Z'));
    });
    afterEach(async () => close());

    const hoursFromNow = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000);

    function pending(userId: string, extra: { ip?: string; userAgent?: string } = {}): AuthSession {
      return AuthSession.start({ id: randomUUID(), userId, mode: 'stateful', now: clock.now(), expiresAt: hoursFromNow(1), ...extra });
    }

    function active(userId: string): AuthSession {
      const session = pending(userId, { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' });
      session.completeStep('username-password', 'pwd', clock.now());
      session.offer(['totp'], hoursFromNow(1));
      session.completeStep('totp', 'otp', clock.now());
      session.activate(clock.now(), hoursFromNow(24));
      return session;
    }

    it('returns a pending session with its optional fields still undefined', async () => {
      const session = AuthSession.start({ id: randomUUID(), userId: randomUUID(), mode: 'stateless', now: clock.now(), expiresAt: hoursFromNow(1) });
      await repository.save(session);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toEqual(session.toState());
      expect(found?.toState()).toMatchObject({ status: 'pending', mode: 'stateless', methods: [], completedSteps: [], nextSteps: [] });
      for (const optional of ['authTime', 'revokedAt', 'ip', 'userAgent'] as const) {
        expect(found?.toState()[optional]).toBeUndefined();
      }
    });

    it('returns a pending sign-in with the steps it completed and the steps it is offered', async () => {
      const session = pending(randomUUID());
      session.completeStep('username-password', 'pwd', clock.now());
      const deadline = new Date(clock.now().getTime() + 120_456);
      session.offer(['totp', 'recovery-code'], deadline);
      await repository.save(session);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toEqual(session.toState());
      expect(found?.completedSteps).toEqual(['username-password']);
      expect(found?.nextSteps).toEqual(['totp', 'recovery-code']);
      expect(found?.expiresAt).toEqual(deadline);

      // The next step is accepted only because the stored session still offers it.
      found?.completeStep('totp', 'otp', clock.now());
      expect(found?.completedSteps).toEqual(['username-password', 'totp']);
    });

    it('returns an active session with every field, dates to the millisecond', async () => {
      const session = active(randomUUID());
      await repository.save(session);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toEqual(session.toState());
      expect(found?.acr).toBe('2');
      expect(found?.authTime?.toISOString()).toBe('2026-01-01T08:00:00.123Z');
    });

    it('replaces the stored session when it is saved again', async () => {
      const session = pending(randomUUID());
      await repository.save(session);
      session.completeStep('username-password', 'pwd', clock.now());
      clock.advance(5);
      session.activate(clock.now(), hoursFromNow(8));
      await repository.save(session);
      clock.advance(60);
      session.revoke(clock.now(), 'logout');
      await repository.save(session);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toEqual(session.toState());
      expect(found?.statusAt(clock.now())).toBe('revoked');
    });

    it('does not see changes made to a session after it was saved', async () => {
      const session = active(randomUUID());
      await repository.save(session);
      session.revoke(clock.now(), 'logout');

      expect((await repository.findById(session.id))?.statusAt(clock.now())).toBe('active');
    });

    it('answers undefined for an unknown id', async () => {
      expect(await repository.findById(randomUUID())).toBeUndefined();
    });

    it("lists only the user's active sessions, newest first", async () => {
      const userId = randomUUID();
      const older = active(userId);
      clock.advance(10);
      const newer = active(userId);
      clock.advance(10);
      const revoked = active(userId);
      revoked.revoke(clock.now(), 'logout');
      const stillPending = pending(userId);
      const expiring = AuthSession.start({ id: randomUUID(), userId, mode: 'stateful', now: clock.now(), expiresAt: hoursFromNow(1) });
      expiring.completeStep('username-password', 'pwd', clock.now());
      expiring.activate(clock.now(), new Date(clock.now().getTime() + 30_000));
      const someoneElses = active(randomUUID());
      for (const session of [newer, revoked, older, stillPending, expiring, someoneElses]) await repository.save(session);

      const listed = await repository.listActive(userId, clock.now());
      expect(listed.map((session) => session.id)).toEqual([expiring.id, newer.id, older.id]);

      clock.advance(30);
      const later = await repository.listActive(userId, clock.now());
      expect(later.map((session) => session.id)).toEqual([newer.id, older.id]);
      expect(later[0].toState()).toEqual(newer.toState());
    });

    it('lists nothing for a user without sessions', async () => {
      expect(await repository.listActive(randomUUID(), clock.now())).toEqual([]);
    });

    it('touches an active session: its last use and expiry move, nothing else changes', async () => {
      const session = active(randomUUID());
      await repository.save(session);
      clock.advance(90);
      const extended = hoursFromNow(48);

      expect(await repository.touch(session.id, clock.now(), extended)).toBe(true);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toEqual({ ...session.toState(), lastUsedAt: clock.now(), expiresAt: extended });
    });

    it('never touches a session that is revoked, expired, pending or unknown', async () => {
      const revoked = active(randomUUID());
      await repository.save(revoked);
      expect(await repository.revoke(revoked.id, clock.now())).toBe(true);
      const expired = active(randomUUID());
      await repository.save(expired);
      const pendingOne = pending(randomUUID());
      await repository.save(pendingOne);
      clock.set(expired.expiresAt);

      for (const id of [revoked.id, expired.id, pendingOne.id, randomUUID()]) {
        expect(await repository.touch(id, clock.now(), hoursFromNow(48))).toBe(false);
      }
      expect((await repository.findById(revoked.id))?.statusAt(clock.now())).toBe('revoked');
      expect((await repository.findById(expired.id))?.expiresAt).toEqual(expired.expiresAt);
      expect((await repository.findById(pendingOne.id))?.toState()).toEqual(pendingOne.toState());
    });

    it('revokes once: true the first time, false after, and for an unknown id', async () => {
      const session = active(randomUUID());
      await repository.save(session);
      const revokedAt = clock.now();

      expect(await repository.revoke(session.id, revokedAt)).toBe(true);
      clock.advance(60);
      expect(await repository.revoke(session.id, clock.now())).toBe(false);
      expect(await repository.revoke(randomUUID(), clock.now())).toBe(false);

      const found = await repository.findById(session.id);
      expect(found?.toState()).toMatchObject({ status: 'revoked', revokedAt });
      expect(await repository.listActive(session.userId, clock.now())).toEqual([]);
    });

    it('50 rounds of a touch racing a revoke: the session always ends revoked and unlisted', async () => {
      const userId = randomUUID();
      for (let round = 0; round < 50; round++) {
        const session = active(userId);
        await repository.save(session);
        const touch = () => repository.touch(session.id, clock.now(), hoursFromNow(48));
        const revoke = () => repository.revoke(session.id, clock.now());
        // Both orders of issue, so neither call always reaches the store first.
        const [, revoked] = round % 2 === 0 ? await Promise.all([touch(), revoke()]) : (await Promise.all([revoke(), touch()])).reverse();

        expect(revoked).toBe(true);
        expect((await repository.findById(session.id))?.statusAt(clock.now())).toBe('revoked');
        expect(await repository.touch(session.id, clock.now(), hoursFromNow(48))).toBe(false);
      }
      expect(await repository.listActive(userId, clock.now())).toEqual([]);
    });

    it('of ten concurrent revocations of one session exactly one answers true', async () => {
      const session = active(randomUUID());
      await repository.save(session);

      const answers = await Promise.all(Array.from({ length: 10 }, () => repository.revoke(session.id, clock.now())));

      expect(answers.filter(Boolean)).toHaveLength(1);
    });
  });
}
