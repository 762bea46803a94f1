// Threat: a stream of tokens naming made-up kids, each making this server fetch the realm's JWKS,
// turns every instance into a flood aimed at Keycloak, and puts a network call on the path of every
// request. A known kid must answer from memory, an unknown one may fetch at most once per interval
// (shared by all who ask meanwhile), and a key the realm rotated to must still be found.
import { describe, expect, it } from 'vitest';
import { FakeKeycloakRealm, fakeRealmPerTest, msAfterT0, T0 } from '../../../../../test/support/fake-keycloak-realm';
import { RealmKeys } from './realm-keys';

let fake: FakeKeycloakRealm;
let keys: RealmKeys;

fakeRealmPerTest((started) => {
  fake = started;
  keys = new RealmKeys(fake.realm(), { minRefreshIntervalMs: 10_000, maxAgeMs: 600_000 });
});

describe('RealmKeys: fetching the realm keys', () => {
  it('answers a known kid from memory, without asking the realm again', async () => {
    const first = await keys.keyFor(fake.signingKey.kid, T0);
    expect(first?.kid).toBe(fake.signingKey.kid);
    for (let i = 1; i <= 5; i++) await expect(keys.keyFor(fake.signingKey.kid, msAfterT0(i * 60_000))).resolves.toBe(first);
    expect(fake.requests.certs).toBe(1);
  });

  it('shares one fetch among the first requests that arrive together', async () => {
    const found = await Promise.all(Array.from({ length: 10 }, () => keys.keyFor(fake.signingKey.kid, T0)));
    expect(found.every((key) => key?.kid === fake.signingKey.kid)).toBe(true);
    expect(fake.requests.certs).toBe(1);
  });

  it('refreshes at most once for a burst of unknown kids', async () => {
    await keys.keyFor(fake.signingKey.kid, T0);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => keys.keyFor(`made-up-${i}`, msAfterT0(10_000))));
    expect(burst).toEqual(Array(20).fill(undefined));
    expect(fake.requests.certs).toBe(2);
    // Within the interval after that refresh, unknown kids are answered without I/O.
    await expect(keys.keyFor('made-up-again', msAfterT0(19_999))).resolves.toBeUndefined();
    expect(fake.requests.certs).toBe(2);
    await expect(keys.keyFor('made-up-again', msAfterT0(20_000))).resolves.toBeUndefined();
    expect(fake.requests.certs).toBe(3);
  });

  it('picks up a rotated key', async () => {
    const old = fake.signingKey;
    await keys.keyFor(old.kid, T0);
    const rotated = fake.rotate();
    await expect(keys.keyFor(rotated.kid, msAfterT0(10_000))).resolves.toMatchObject({ kid: rotated.kid, algorithms: ['RS256'] });
    expect(fake.requests.certs).toBe(2);
    // The realm no longer publishes the old key, so it no longer verifies anything.
    await expect(keys.keyFor(old.kid, msAfterT0(10_001))).resolves.toBeUndefined();
  });

  it('refreshes in the background once the keys are older than maxAgeMs, answering from the cache meanwhile', async () => {
    const old = fake.signingKey;
    await keys.keyFor(old.kid, T0);
    const rotated = fake.rotate(true);
    fake.mode.certs = 'hang';
    const started = performance.now();
    await expect(keys.keyFor(old.kid, msAfterT0(600_000))).resolves.toMatchObject({ kid: old.kid });
    // The hung fetch times out after 300 ms; the answer did not wait for it.
    expect(performance.now() - started).toBeLessThan(150);
    await expect.poll(() => fake.requests.certs).toBe(2);
    fake.mode.certs = 'serve';
    await expect.poll(async () => (await keys.keyFor(old.kid, msAfterT0(610_000)), fake.requests.certs), { timeout: 2000 }).toBe(3);
    await expect(keys.keyFor(rotated.kid, msAfterT0(610_001))).resolves.toMatchObject({ kid: rotated.kid });
    expect(fake.requests.certs).toBe(3);
  });

  it('does not refresh keys younger than maxAgeMs', async () => {
    await keys.keyFor(fake.signingKey.kid, T0);
    await keys.keyFor(fake.signingKey.kid, msAfterT0(599_999));
    expect(fake.requests.certs).toBe(1);
  });
});
