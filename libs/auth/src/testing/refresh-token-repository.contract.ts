import { randomBytes, randomUUID } from 'node:crypto';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { firstRefreshToken, RefreshTokenRecord, successorOf } from '../domain/refresh-token';
import { RefreshTokenRepository } from '../ports/refresh-token-repository';
import { FixedClock } from './fixed-clock';

const TTL_SECONDS = 3600;

/**
 * The behaviour every `RefreshTokenRepository` must show, above all that a token is spent once even
 * when requests race (RFC 9700 §4.14.2: reuse of a rotated token must be detectable). `make` runs
 * before each test; tests use fresh hashes and session ids, so a factory may share a database.
 */
export function refreshTokenRepositoryContract(
  name: string,
  make: () => Promise<{ repository: RefreshTokenRepository; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`RefreshTokenRepository contract: ${name}`, () => {
    let repository: RefreshTokenRepository;
    let close: () => Promise<void>;
    let clock: FixedClock;

    beforeEach(async () => {
      ({ repository, close } = await make());
      clock = new FixedClock(new Date('2026-01-01T08:00:00.123Z'));
    });
    afterEach(async () => close());

    const newHash = () => randomBytes(32).toString('hex');
    const next = (previous: RefreshTokenRecord) => successorOf(previous, newHash(), clock.now(), TTL_SECONDS);

    async function issued(sessionId = randomUUID()): Promise<RefreshTokenRecord> {
      const record = firstRefreshToken({ hash: newHash(), sessionId, userId: randomUUID(), now: clock.now(), ttlSeconds: TTL_SECONDS });
      await repository.save(record);
      return record;
    }

    it('rotates a live token: the old one comes back spent with every field, the successor is returned', async () => {
      const token = await issued();
      clock.advance(60);

      const result = await repository.rotate(token.hash, clock.now(), next);

      expect(result.kind).toBe('rotated');
      if (result.kind !== 'rotated') return;
      expect(result.previous).toEqual({ ...token, spentAt: clock.now() });
      expect(result.previous.revokedAt).toBeUndefined();
      expect(result.successor).toMatchObject({ sessionId: token.sessionId, userId: token.userId, generation: 1, issuedAt: clock.now() });
    });

    it('stores the successor so that it can be rotated in turn', async () => {
      const token = await issued();
      clock.advance(60);
      const first = await repository.rotate(token.hash, clock.now(), next);
      if (first.kind !== 'rotated') throw new Error(`expected rotated, got ${first.kind}`);
      clock.advance(60);

      const second = await repository.rotate(first.successor.hash, clock.now(), next);

      expect(second.kind).toBe('rotated');
      if (second.kind !== 'rotated') return;
      expect(second.previous).toEqual({ ...first.successor, spentAt: clock.now() });
      expect(second.successor.generation).toBe(2);
    });

    it('reports reuse when a spent token is presented again, with the record it was', async () => {
      const token = await issued();
      const spentAt = clock.now();
      await repository.rotate(token.hash, spentAt, next);
      clock.advance(120);

      const again = await repository.rotate(token.hash, clock.now(), next);

      expect(again).toEqual({ kind: 'reused', previous: { ...token, spentAt } });
    });

    it('refuses an expired token from the instant it expires', async () => {
      const token = await issued();
      clock.set(token.expiresAt);

      expect(await repository.rotate(token.hash, clock.now(), next)).toEqual({ kind: 'expired' });
    });

    it('still rotates a token a millisecond before it expires', async () => {
      const token = await issued();
      clock.set(new Date(token.expiresAt.getTime() - 1));

      expect((await repository.rotate(token.hash, clock.now(), next)).kind).toBe('rotated');
    });

    it('answers unknown for a hash it never stored', async () => {
      expect(await repository.rotate(newHash(), clock.now(), next)).toEqual({ kind: 'unknown' });
    });

    it("revokes the whole family and nothing else: the session's tokens, the successor included", async () => {
      const sessionId = randomUUID();
      const token = await issued(sessionId);
      const sibling = await issued(sessionId);
      const otherSession = await issued();
      const rotated = await repository.rotate(token.hash, clock.now(), next);
      if (rotated.kind !== 'rotated') throw new Error(`expected rotated, got ${rotated.kind}`);

      clock.advance(30);
      await repository.revokeFamily(sessionId, clock.now());
      await repository.revokeFamily(sessionId, clock.now());

      expect(await repository.rotate(rotated.successor.hash, clock.now(), next)).toEqual({ kind: 'revoked' });
      expect(await repository.rotate(sibling.hash, clock.now(), next)).toEqual({ kind: 'revoked' });
      // Reuse outranks revocation: a stolen, spent token is still reported as theft.
      expect((await repository.rotate(token.hash, clock.now(), next)).kind).toBe('reused');
      expect((await repository.rotate(otherSession.hash, clock.now(), next)).kind).toBe('rotated');
    });

    // Threat: a false theft alarm. Spending the token before its successor existed turned a failed
    // build into `reused` on the next try, revoking the family of an honest client.
    it('a successor that cannot be built leaves the token unspent: the call rejects, the next try rotates', async () => {
      const token = await issued();
      const failing = (): RefreshTokenRecord => {
        throw new Error('successor refused');
      };

      await expect(repository.rotate(token.hash, clock.now(), failing)).rejects.toThrow('successor refused');

      const retried = await repository.rotate(token.hash, clock.now(), next);
      expect(retried.kind).toBe('rotated');
      if (retried.kind === 'rotated') expect(retried.successor.generation).toBe(1);
    });

    // Threat: an outage that ends sessions. The caller reads the user from a remote directory
    // while building the successor; that read failing must not spend the token either.
    it('a successor whose build waits and then fails leaves the token unspent: the next try rotates', async () => {
      const token = await issued();
      const failingLater = async (): Promise<RefreshTokenRecord> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw new Error('directory unavailable');
      };

      await expect(repository.rotate(token.hash, clock.now(), failingLater)).rejects.toThrow('directory unavailable');

      expect((await repository.rotate(token.hash, clock.now(), next)).kind).toBe('rotated');
    });

    it('lets exactly one of ten concurrent rotations win when each waits while building its successor', async () => {
      const token = await issued();
      const slowly = async (previous: RefreshTokenRecord) => {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 10)));
        return next(previous);
      };

      const results = await Promise.all(Array.from({ length: 10 }, () => repository.rotate(token.hash, clock.now(), slowly)));

      expect(results.filter((result) => result.kind === 'rotated')).toHaveLength(1);
      expect(results.filter((result) => result.kind === 'reused')).toHaveLength(9);
    });

    it('a successor that cannot be stored (its hash is taken) leaves both tokens as they were', async () => {
      const token = await issued();
      const other = await issued();
      const clashing = (previous: RefreshTokenRecord) => ({ ...next(previous), hash: other.hash });

      await expect(repository.rotate(token.hash, clock.now(), clashing)).rejects.toThrow();

      expect((await repository.rotate(token.hash, clock.now(), next)).kind).toBe('rotated');
      const otherRotated = await repository.rotate(other.hash, clock.now(), next);
      expect(otherRotated.kind).toBe('rotated');
      if (otherRotated.kind === 'rotated') expect(otherRotated.previous).toEqual({ ...other, spentAt: clock.now() });
    });

    it('lets exactly one of ten concurrent rotations win; the others see reuse and their successors are worthless', async () => {
      const token = await issued();
      const built: string[] = [];
      const builder = (previous: RefreshTokenRecord) => {
        const successor = next(previous);
        built.push(successor.hash);
        return successor;
      };

      const results = await Promise.all(Array.from({ length: 10 }, () => repository.rotate(token.hash, clock.now(), builder)));

      const winners = results.filter((result) => result.kind === 'rotated');
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.kind === 'reused')).toHaveLength(9);
      const winner = winners[0];
      if (winner.kind !== 'rotated') return;
      for (const hash of built.filter((hash) => hash !== winner.successor.hash)) {
        expect(await repository.rotate(hash, clock.now(), next)).toEqual({ kind: 'unknown' });
      }
      expect((await repository.rotate(winner.successor.hash, clock.now(), next)).kind).toBe('rotated');
    });
  });
}
