import { randomUUID } from 'node:crypto';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { UserAccount, UserAccountRepository } from '../ports/user-account-repository';
import { uniqueTag } from './unique-tag';

/**
 * The behaviour every `UserAccountRepository` must show. `make` runs before each test; tests use
 * unique usernames, so a factory may share one database between tests.
 *
 * @example
 * userAccountRepositoryContract('memory', async () => ({ repository: new MemoryUserAccountRepository(), close: async () => {} }));
 */
export function userAccountRepositoryContract(
  name: string,
  make: () => Promise<{ repository: UserAccountRepository; close(): Promise<void> }>,
  runner?: TestRunner,
): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`UserAccountRepository contract: ${name}`, () => {
    let repository: UserAccountRepository;
    let close: () => Promise<void>;
    let tag: string;

    beforeEach(async () => {
      ({ repository, close } = await make());
      tag = uniqueTag();
    });
    afterEach(async () => close());

    const account = (username: string, overrides: Partial<UserAccount> = {}): UserAccount => ({
      id: randomUUID(),
      username,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
      groups: ['staff', 'editor'],
      attributes: { department: 'finance', region: 'eu' },
      enabled: true,
      createdAt: new Date('2026-01-01T10:20:30.456Z'),
      ...overrides,
    });

    it('returns every field as it was inserted, by id and by username', async () => {
      const alice = account(`${tag}-alice`, { email: `alice.${tag}@example.com`, enabled: false });
      await repository.insert(alice);

      expect(await repository.findById(alice.id)).toEqual(alice);
      expect(await repository.findByUsername(alice.username)).toEqual(alice);
    });

    it('returns absent optional fields as undefined and empty collections as empty', async () => {
      const bare = account(`${tag}-bare`, { groups: [], attributes: {} });
      await repository.insert(bare);

      const found = await repository.findById(bare.id);
      expect(found?.email).toBeUndefined();
      expect(found?.groups).toEqual([]);
      expect(found?.attributes).toEqual({});
    });

    it('stores the username lower-cased and finds it whatever the case of the query', async () => {
      const mixed = account(`${tag}-MixedCase`);
      await repository.insert(mixed);

      const found = await repository.findByUsername(`${tag}-MIXEDcase`.toUpperCase());
      expect(found?.id).toBe(mixed.id);
      expect(found?.username).toBe(`${tag}-mixedcase`);
    });

    it('refuses a second account with the same username in another case, keeping the first', async () => {
      const first = account(`${tag}-bob`);
      await repository.insert(first);

      await expect(repository.insert(account(`${tag}-BOB`))).rejects.toThrow(Error);
      expect((await repository.findByUsername(`${tag}-bob`))?.id).toBe(first.id);
    });

    it('answers undefined for an unknown id or username', async () => {
      expect(await repository.findById(randomUUID())).toBeUndefined();
      expect(await repository.findByUsername(`${tag}-nobody`)).toBeUndefined();
    });

    it('lists a page ordered by username with the total of all matches', async () => {
      for (const who of ['carol', 'alice', 'erin', 'bob', 'dave']) await repository.insert(account(`${tag}-${who}`));

      const page = await repository.list({ offset: 1, limit: 2, search: tag });
      expect(page.items.map((item) => item.username)).toEqual([`${tag}-bob`, `${tag}-carol`]);
      expect(page.total).toBe(5);

      const last = await repository.list({ offset: 4, limit: 2, search: tag });
      expect(last.items.map((item) => item.username)).toEqual([`${tag}-erin`]);
      expect(last.total).toBe(5);
    });

    it('searches a case-insensitive substring of the username or the email', async () => {
      const emailTag = uniqueTag();
      await repository.insert(account(`${tag}-frank`, { email: `Frank.${emailTag}@Example.com` }));
      await repository.insert(account(`${tag}-grace`, { email: `grace@example.com` }));

      const byEmail = await repository.list({ offset: 0, limit: 10, search: emailTag.toUpperCase() });
      expect(byEmail.items.map((item) => item.username)).toEqual([`${tag}-frank`]);
      expect(byEmail.total).toBe(1);

      const byUsername = await repository.list({ offset: 0, limit: 10, search: `${tag}-GRA` });
      expect(byUsername.items.map((item) => item.username)).toEqual([`${tag}-grace`]);
      expect(byUsername.items[0]).toEqual(await repository.findByUsername(`${tag}-grace`));
    });

    it('treats % and _ in the search as plain characters, not wildcards', async () => {
      await repository.insert(account(`${tag}-a_b`));
      await repository.insert(account(`${tag}-axb`));

      const underscore = await repository.list({ offset: 0, limit: 10, search: `${tag}-a_b` });
      expect(underscore.items.map((item) => item.username)).toEqual([`${tag}-a_b`]);

      const percent = await repository.list({ offset: 0, limit: 10, search: `${tag}%` });
      expect(percent).toEqual({ items: [], total: 0 });
    });

    it('removes an account, and removing it again is harmless', async () => {
      const gone = account(`${tag}-gone`);
      await repository.insert(gone);

      await repository.remove(gone.id);
      await repository.remove(gone.id);

      expect(await repository.findById(gone.id)).toBeUndefined();
      expect(await repository.findByUsername(gone.username)).toBeUndefined();
      // The username is free again once its owner is gone.
      await expect(repository.insert(account(gone.username))).resolves.toBeUndefined();
    });

    it('keeps a phone number, and its absence', async () => {
      const withPhone = account(`${tag}-phone`, { phoneNumber: '+15550100002' });
      await repository.insert(withPhone);

      expect(await repository.findById(withPhone.id)).toEqual(withPhone);
      expect((await repository.findByUsername(withPhone.username))?.phoneNumber).toBe('+15550100002');
    });

    it('refuses a taken username with a VALIDATION_FAILED error naming the username field', async () => {
      await repository.insert(account(`${tag}-taken`));

      await expect(repository.insert(account(`${tag}-TAKEN`))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'username', message: 'This username is taken.' }],
      });
    });

    it('updates groups, attributes, enabled and the password hash in one call, and returns the result', async () => {
      const dave = account(`${tag}-dave`, { email: `dave.${tag}@example.com`, phoneNumber: '+15550100003' });
      await repository.insert(dave);
      const changed = { groups: ['admin'], attributes: { department: 'it' }, enabled: false, passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA' };

      const updated = await repository.update(dave.id, changed);

      expect(updated).toEqual({ ...dave, ...changed });
      expect(await repository.findById(dave.id)).toEqual({ ...dave, ...changed });
    });

    it('leaves every field an update does not name as it was', async () => {
      const erin = account(`${tag}-erin`, { email: `erin.${tag}@example.com` });
      await repository.insert(erin);

      expect(await repository.update(erin.id, { enabled: false })).toEqual({ ...erin, enabled: false });
      expect(await repository.update(erin.id, { groups: [] })).toEqual({ ...erin, enabled: false, groups: [] });
      expect(await repository.update(erin.id, {})).toEqual({ ...erin, enabled: false, groups: [] });
    });

    it('answers undefined when updating an unknown id, and creates nothing', async () => {
      const id = randomUUID();

      expect(await repository.update(id, { enabled: false, groups: ['admin'] })).toBeUndefined();
      expect(await repository.update(id, {})).toBeUndefined();
      expect(await repository.findById(id)).toBeUndefined();
    });

    it('replaces the password hash only while it is still the expected one', async () => {
      const fay = account(`${tag}-fay`);
      await repository.insert(fay);

      expect(await repository.replacePasswordHash(fay.id, 'not-the-current-hash', 'hash-a')).toBe(false);
      expect((await repository.findById(fay.id))?.passwordHash).toBe(fay.passwordHash);
      expect(await repository.replacePasswordHash(fay.id, fay.passwordHash, 'hash-b')).toBe(true);
      expect(await repository.findById(fay.id)).toEqual({ ...fay, passwordHash: 'hash-b' });
      expect(await repository.replacePasswordHash(fay.id, fay.passwordHash, 'hash-c')).toBe(false);
      expect(await repository.replacePasswordHash(randomUUID(), fay.passwordHash, 'hash-d')).toBe(false);
    });

    it('lets exactly one of ten racing password changes from the same hash win', async () => {
      const gus = account(`${tag}-gus`);
      await repository.insert(gus);

      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => repository.replacePasswordHash(gus.id, gus.passwordHash, `hash-${i}`)));

      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await repository.findById(gus.id))?.passwordHash).toBe(`hash-${results.indexOf(true)}`);
    });
  });
}
