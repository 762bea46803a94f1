// Threat: Keycloak restarting, stuck or answering garbage. A realm token that verified a minute ago
// must go on verifying (the keys are public and rarely change), and a token the server cannot judge
// yet must be answered 503 with Retry-After, never 401 (the client would drop good tokens) or 500.
import { describe, expect, it } from 'vitest';
import { FakeKeycloakRealm, fakeRealmPerTest, msAfterT0, T0, type FakeRealmMode } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { KeycloakUnavailableError } from './keycloak-http';
import { RealmKeys } from './realm-keys';

const OUTAGES: FakeRealmMode[] = ['fail', 'hang', 'garbage'];

let fake: FakeKeycloakRealm;
let keys: RealmKeys;

fakeRealmPerTest((started) => {
  fake = started;
  keys = new RealmKeys(fake.realm(), { minRefreshIntervalMs: 10_000, maxAgeMs: 600_000 });
});

async function unavailable(promise: Promise<unknown>): Promise<KeycloakUnavailableError> {
  const error = await rejectionOf(promise, KeycloakUnavailableError);
  expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 7 });
  return error;
}

describe('RealmKeys while the realm is down', () => {
  it.each(OUTAGES)('answers 503 (KeycloakUnavailableError) when the keys were never fetched and the realm is down (%s)', async (mode) => {
    fake.mode.certs = mode;
    await unavailable(keys.keyFor(fake.signingKey.kid, T0));
    expect(fake.requests.certs).toBe(1);
  });

  it('answers 503 when the JWKS holds no usable signing key, as a broken proxy might serve', async () => {
    fake.certsBody = { keys: [] };
    await unavailable(keys.keyFor(fake.signingKey.kid, T0));
    fake.certsBody = { keys: 'not a list' };
    await unavailable(keys.keyFor(fake.signingKey.kid, msAfterT0(10_000)));
  });

  it.each(OUTAGES)('keeps verifying with cached keys while the realm is down (%s)', async (mode) => {
    const kid = fake.signingKey.kid;
    await keys.keyFor(kid, T0);
    fake.mode.certs = mode;
    for (const [index, ms] of [600_000, 700_000, 3_600_000].entries()) {
      await expect(keys.keyFor(kid, msAfterT0(ms))).resolves.toMatchObject({ kid });
      // Each stale answer set off one background fetch; the next request comes once it has failed.
      await expect.poll(() => fake.requests.certs).toBe(2 + index);
      await new Promise((resolve) => setTimeout(resolve, mode === 'hang' ? 350 : 50));
    }
  });

  it('keeps the old keys when the realm answers a malformed JWKS', async () => {
    const kid = fake.signingKey.kid;
    await keys.keyFor(kid, T0);
    fake.rotate();
    fake.certsBody = { keys: [{ kty: 'RSA', kid: 'broken', n: 'AQAB' }] };
    await unavailable(keys.keyFor(fake.signingKey.kid, msAfterT0(10_000)));
    await expect(keys.keyFor(kid, msAfterT0(10_001))).resolves.toMatchObject({ kid });
  });

  it('answers 503, not 401, for a kid the realm may have rotated to, until a fetch succeeds', async () => {
    await keys.keyFor(fake.signingKey.kid, T0);
    const rotated = fake.rotate();
    fake.mode.certs = 'fail';
    const failure = await unavailable(keys.keyFor(rotated.kid, msAfterT0(10_000)));
    // Within the interval the same answer comes from memory: the realm is not asked again.
    expect(await unavailable(keys.keyFor(rotated.kid, msAfterT0(15_000)))).toBe(failure);
    expect(fake.requests.certs).toBe(2);
    fake.mode.certs = 'serve';
    await expect(keys.keyFor(rotated.kid, msAfterT0(20_000))).resolves.toMatchObject({ kid: rotated.kid });
    expect(fake.requests.certs).toBe(3);
  });

  it('asks a down realm for its first keys no more than once per interval, and recovers after it', async () => {
    fake.mode.certs = 'fail';
    await unavailable(keys.keyFor(fake.signingKey.kid, T0));
    await unavailable(keys.keyFor(fake.signingKey.kid, msAfterT0(9_999)));
    expect(fake.requests.certs).toBe(1);
    fake.mode.certs = 'serve';
    await expect(keys.keyFor(fake.signingKey.kid, msAfterT0(10_000))).resolves.toMatchObject({ kid: fake.signingKey.kid });
    expect(fake.requests.certs).toBe(2);
  });
});
