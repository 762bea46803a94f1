import { setTimeout as sleep } from 'node:timers/promises';
import { resolveTestRunner, type TestRunner } from './test-runner';
import { type ProviderSessionLink, ProviderSessionStore } from '../ports/provider-session-store';
import { uniqueTag } from './unique-tag';

/** Long enough for a few round trips to a local server, short enough to wait out in a test. */
const SHORT_TTL_MS = 250;

/**
 * The behaviour every `ProviderSessionStore` must show: a link is found from either side while it
 * lives, taken once however many callers race, replaced by a newer link of the same module
 * session, and gone when it expires. Tests use unique ids, so a factory may share one store.
 *
 * @example
 * providerSessionStoreContract('memory', async () => ({ store: new MemoryProviderSessionStore(), close: async () => {} }));
 */
export function providerSessionStoreContract(name: string, make: () => Promise<{ store: ProviderSessionStore; close(): Promise<void> }>, runner?: TestRunner): void {
  const { describe, it, beforeEach, afterEach, expect } = resolveTestRunner(runner);
  describe(`ProviderSessionStore contract: ${name}`, () => {
    let store: ProviderSessionStore;
    let close: () => Promise<void>;
    let link: ProviderSessionLink;

    beforeEach(async () => {
      ({ store, close } = await make());
      // The real time: Redis expires keys by its own wall clock (see the short-lifetime case).
      link = { sessionId: `session-${uniqueTag()}`, providerSessionId: `sid-${uniqueTag()}`, handle: `handle-${uniqueTag()}`, expiresAt: new Date(Date.now() + 300_000) };
    });
    afterEach(async () => close());

    it('finds the module session from the provider session, and takes the link with everything it was stored with', async () => {
      await store.link(link, new Date());
      expect(await store.sessionsOf(link.providerSessionId, new Date())).toEqual([link.sessionId]);
      expect(await store.take(link.sessionId, new Date())).toEqual(link);
    });

    it('takes a link once: after it is taken neither side finds it', async () => {
      await store.link(link, new Date());
      await store.take(link.sessionId, new Date());
      expect(await store.take(link.sessionId, new Date())).toBeUndefined();
      expect(await store.sessionsOf(link.providerSessionId, new Date())).toEqual([]);
    });

    it('gives the link to exactly one of many parallel takers (the provider session is ended once)', async () => {
      await store.link(link, new Date());
      const taken = await Promise.all(Array.from({ length: 8 }, () => store.take(link.sessionId, new Date())));
      expect(taken.filter((one) => one !== undefined)).toHaveLength(1);
    });

    it('lists every module session of one provider session, and no other', async () => {
      const second = { ...link, sessionId: `session-${uniqueTag()}` };
      const other = { ...link, sessionId: `session-${uniqueTag()}`, providerSessionId: `sid-${uniqueTag()}` };
      for (const each of [link, second, other]) await store.link(each, new Date());
      expect((await store.sessionsOf(link.providerSessionId, new Date())).sort()).toEqual([link.sessionId, second.sessionId].sort());
    });

    it('replaces an earlier link of the same module session', async () => {
      await store.link(link, new Date());
      const newer = { ...link, handle: `handle-${uniqueTag()}` };
      await store.link(newer, new Date());
      expect(await store.take(link.sessionId, new Date())).toEqual(newer);
    });

    // Threat: a logout forced by the wrong notice. Once a module session is linked to another
    // provider session, a notice about the one it left must not end it.
    it('forgets the earlier provider session of a module session linked anew to another', async () => {
      await store.link(link, new Date());
      const moved = { ...link, providerSessionId: `sid-${uniqueTag()}` };
      await store.link(moved, new Date());
      expect(await store.sessionsOf(link.providerSessionId, new Date())).toEqual([]);
      expect(await store.sessionsOf(moved.providerSessionId, new Date())).toEqual([link.sessionId]);
    });

    it('does not hand out a link past its expiry by the caller\'s clock', async () => {
      await store.link(link, new Date());
      const later = new Date(link.expiresAt.getTime() + 1);
      expect(await store.sessionsOf(link.providerSessionId, later)).toEqual([]);
      expect(await store.take(link.sessionId, later)).toBeUndefined();
    });

    it('forgets a link once its lifetime has passed (a store that expires entries by its own clock)', async () => {
      await store.link({ ...link, expiresAt: new Date(Date.now() + SHORT_TTL_MS) }, new Date());
      await sleep(SHORT_TTL_MS + 1_100);
      expect(await store.take(link.sessionId, new Date())).toBeUndefined();
    });

    it('answers nothing for a module session or provider session it never linked', async () => {
      expect(await store.take(`session-${uniqueTag()}`, new Date())).toBeUndefined();
      expect(await store.sessionsOf(`sid-${uniqueTag()}`, new Date())).toEqual([]);
    });
  });
}
