// Threat: an outage of Keycloak turned into the wrong answer. A realm token is judged offline from
// keys fetched earlier, so signed-in callers keep working while the realm restarts; before any key
// was fetched the answer is 503 with Retry-After, never a 401 that would make clients drop tokens.
import { describe, expect, it } from 'vitest';
import { type FakeKeycloakRealm, fakeRealmPerTest, msAfterT0, T0 } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { KeycloakAccessTokenVerifier } from './keycloak-access-token.verifier';
import { KeycloakUnavailableError } from './keycloak-http';

let fake: FakeKeycloakRealm;
let verifier: KeycloakAccessTokenVerifier;

fakeRealmPerTest((started) => {
  fake = started;
  verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm(), keys: { minRefreshIntervalMs: 1000, maxAgeMs: 60_000 } });
});

describe('KeycloakAccessTokenVerifier while the realm is down', () => {
  it('answers 503 (KeycloakUnavailableError) when the keys were never fetched and the realm is down', async () => {
    fake.mode.certs = 'fail';
    const error = await rejectionOf(verifier.verify(fake.accessToken(T0), T0), KeycloakUnavailableError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 7 });
  });

  it('keeps verifying with cached keys while the realm is down', async () => {
    await verifier.verify(fake.accessToken(T0), T0);
    fake.mode.certs = 'fail';
    const now = msAfterT0(120_000);
    await expect(verifier.verify(fake.accessToken(now), now)).resolves.toMatchObject({ identity: { userId: 'user-alice' } });
    await expect.poll(() => fake.requests.certs).toBe(2);
  });

  it('shares the keys with the key cache it exposes for logout tokens', async () => {
    await verifier.verify(fake.accessToken(T0), T0);
    await expect(verifier.keys.keyFor(fake.signingKey.kid, T0)).resolves.toMatchObject({ kid: fake.signingKey.kid });
    expect(fake.requests.certs).toBe(1);
  });
});
