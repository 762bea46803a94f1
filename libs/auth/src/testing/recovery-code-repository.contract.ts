import { randomBytes } from 'node:crypto';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { RecoveryCodeRepository } from '../ports/recovery-code-repository';
import { FixedClock } from './fixed-clock';
import { uniqueTag } from './unique-tag';

const SET_SIZE = 10;

/**
 * The behaviour every `RecoveryCodeRepository` must show, above all that a code is spent once even
 * when requests race. The counter-example it guards against: codes kept as one list, checked with
 * `includes` and then rewritten, so two parallel uses of one code both pass and two uses of two
 * codes lose one of the spends. `make` runs before each test; tests use fresh user ids, so a
 * factory may share a database between tests.
 *
 * @example
 * recoveryCodeRepositoryContract('memory', async () => ({ repository: new MemoryRecoveryCodeRepository(), close: async () => {} }));
 */
export function recoveryCodeRepositoryContract(
  name: string,
  make: () => Promise<{ repository: RecoveryCodeRepository; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`RecoveryCodeRepository contract: ${name}`, () => {
    let repository: RecoveryCodeRepository;
    let close: () => Promise<void>;
    let clock: FixedClock;
    let tag: string;

    beforeEach(async () => {
      ({ repository, close } = await make());
      clock = new FixedClock(new Date('2026-01-01T08:00:00.123Z'));
      tag = uniqueTag();
    });
    afterEach(async () => close());

    const user = (name: string) => `${tag}-${name}`;
    // HMAC-SHA-256 digests in hex, as long as the ones the application stores.
    const digests = (count = SET_SIZE) => Array.from({ length: count }, () => randomBytes(32).toString('hex'));

    async function issued(userId: string, count = SET_SIZE): Promise<string[]> {
      const codes = digests(count);
      await repository.replace(userId, codes, clock.now());
      return codes;
    }

    async function usable(userId: string, codes: readonly string[]): Promise<boolean[]> {
      const answers: boolean[] = [];
      for (const code of codes) answers.push(await repository.consume(userId, code, clock.now()));
      return answers;
    }

    it('counts every code a replace stored as unused', async () => {
      await issued(user('alice'));

      expect(await repository.countUnused(user('alice'))).toBe(SET_SIZE);
    });

    it('counts nothing for a user who never had codes', async () => {
      expect(await repository.countUnused(user('nobody'))).toBe(0);
    });

    it('spends a code once: true, then false, and it no longer counts as unused', async () => {
      const [code] = await issued(user('bob'));

      expect(await repository.consume(user('bob'), code, clock.now())).toBe(true);
      clock.advance(60);
      expect(await repository.consume(user('bob'), code, clock.now())).toBe(false);
      expect(await repository.countUnused(user('bob'))).toBe(SET_SIZE - 1);
    });

    it("refuses a digest that is none of the user's codes, and any digest for a user without codes", async () => {
      await issued(user('carol'));

      expect(await repository.consume(user('carol'), digests(1)[0], clock.now())).toBe(false);
      expect(await repository.consume(user('nobody'), digests(1)[0], clock.now())).toBe(false);
      expect(await repository.countUnused(user('carol'))).toBe(SET_SIZE);
    });

    it('a replace voids every earlier code, spent or not, and only the new ones work', async () => {
      const old = await issued(user('dora'));
      expect(await repository.consume(user('dora'), old[0], clock.now())).toBe(true);
      clock.advance(60);

      const fresh = await issued(user('dora'), 8);

      expect(await repository.countUnused(user('dora'))).toBe(8);
      expect(await usable(user('dora'), old)).toEqual(old.map(() => false));
      expect(await usable(user('dora'), fresh)).toEqual(fresh.map(() => true));
    });

    it('a replace with no codes leaves the user none', async () => {
      const old = await issued(user('erik'));

      await repository.replace(user('erik'), [], clock.now());

      expect(await repository.countUnused(user('erik'))).toBe(0);
      expect(await repository.consume(user('erik'), old[1], clock.now())).toBe(false);
    });

    // A replace is one transaction: if it fails halfway, the user must not be left with neither set.
    it('a replace that repeats a digest rejects and leaves the earlier codes as they were', async () => {
      const old = await issued(user('fay'));
      expect(await repository.consume(user('fay'), old[0], clock.now())).toBe(true);
      const [repeated, other] = digests(2);

      await expect(repository.replace(user('fay'), [repeated, other, repeated], clock.now())).rejects.toThrow();

      expect(await repository.countUnused(user('fay'))).toBe(SET_SIZE - 1);
      expect(await usable(user('fay'), [old[0], repeated, other, old[1]])).toEqual([false, false, false, true]);
    });

    it("codes of one user never consume for another, even where the digests are equal", async () => {
      const shared = digests(1)[0];
      const [gusOnly] = await issued(user('gus'));
      await repository.replace(user('hana'), [shared], clock.now());
      await repository.replace(user('gus'), [gusOnly, shared], clock.now());

      expect(await repository.consume(user('hana'), gusOnly, clock.now())).toBe(false);
      expect(await repository.consume(user('hana'), shared, clock.now())).toBe(true);
      expect(await repository.countUnused(user('gus'))).toBe(2);
      expect(await repository.consume(user('gus'), shared, clock.now())).toBe(true);
    });

    it("removes every code of the user and nobody else's; removing again is harmless", async () => {
      const ivan = await issued(user('ivan'));
      const jon = await issued(user('jon'));

      await repository.removeAll(user('ivan'));
      await repository.removeAll(user('ivan'));
      await repository.removeAll(user('nobody'));

      expect(await repository.countUnused(user('ivan'))).toBe(0);
      expect(await repository.consume(user('ivan'), ivan[0], clock.now())).toBe(false);
      expect(await repository.countUnused(user('jon'))).toBe(SET_SIZE);
      expect(await repository.consume(user('jon'), jon[0], clock.now())).toBe(true);
    });

    // Threat: two requests bringing one recovery code at once both signing in (STYLE.md, "Races").
    it('of 20 parallel uses of one code exactly one succeeds', async () => {
      const [code] = await issued(user('kim'));

      const answers = await Promise.all(Array.from({ length: 20 }, () => repository.consume(user('kim'), code, clock.now())));

      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await repository.countUnused(user('kim'))).toBe(SET_SIZE - 1);
    });

    // Threat: a lost update. A store that rewrites the user's codes as a whole lets one spend
    // overwrite another, and a code it reports as spent becomes usable again.
    it('parallel uses of different codes all succeed and every one stays spent', async () => {
      const codes = await issued(user('lea'));

      const answers = await Promise.all(codes.map((code) => repository.consume(user('lea'), code, clock.now())));

      expect(answers).toEqual(codes.map(() => true));
      expect(await repository.countUnused(user('lea'))).toBe(0);
      expect(await usable(user('lea'), codes)).toEqual(codes.map(() => false));
    });

    // Threat: two regenerations at once leaving both sets valid, so codes the user believes void
    // (those of the answer they discarded) still sign in.
    it("of parallel replaces of one user's codes one whole set remains", async () => {
      const sets = Array.from({ length: 5 }, () => digests());

      await Promise.all(sets.map((set) => repository.replace(user('max'), set, clock.now())));

      expect(await repository.countUnused(user('max'))).toBe(SET_SIZE);
      const working = [];
      for (const set of sets) working.push((await usable(user('max'), set)).filter(Boolean).length);
      expect(working.filter((count) => count > 0)).toEqual([SET_SIZE]);
    });

    // Threat: a spend undone by a transaction it did not belong to (a store sharing one connection
    // between requests), which makes a code that answered true usable a second time.
    it("a code spent while another user's replace fails stays spent", async () => {
      for (let round = 0; round < 10; round++) {
        const owner = user(`nia-${round}`);
        const [code] = await issued(owner);
        const [repeated] = digests(1);
        const failing = repository.replace(user(`olaf-${round}`), [...digests(3), repeated, repeated], clock.now()).then(
          () => 'stored',
          () => 'rejected',
        );

        const [spent, outcome] = await Promise.all([repository.consume(owner, code, clock.now()), failing]);

        expect(outcome).toBe('rejected');
        expect(spent).toBe(true);
        expect(await repository.consume(owner, code, clock.now())).toBe(false);
        expect(await repository.countUnused(owner)).toBe(SET_SIZE - 1);
      }
    });
  });
}
