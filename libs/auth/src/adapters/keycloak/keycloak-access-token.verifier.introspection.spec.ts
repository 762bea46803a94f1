// Threat: a token used after its Keycloak session ended (logout, an admin revoking it). Offline, the
// token stays good until `exp`; with introspection on, the realm is asked once per token and again
// every `cacheSeconds`, and a realm that cannot answer gets 503, never the offline answer instead.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeKeycloakRealm, type FakeRealmMode } from '../../../../../test/support/fake-keycloak-realm';
import { rejectionOf } from '../../../../../test/support/rejection';
import { TokenExpiredError, TokenInvalidError } from '../../domain/auth-error';
import { KeycloakAccessTokenVerifier } from './keycloak-access-token.verifier';
import { KeycloakUnavailableError } from './keycloak-http';
import { KeycloakRealm } from './keycloak-realm';

const NOW = new Date('2026-12-01T08:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

let fake: FakeKeycloakRealm;
let introspecting: KeycloakAccessTokenVerifier;

beforeAll(async () => {
  fake = await FakeKeycloakRealm.start();
  introspecting = new KeycloakAccessTokenVerifier({ realm: fake.realm(), introspect: true });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.mode.introspection = 'serve';
  fake.revoked.clear();
});

/** How many introspection requests `run` made. */
async function introspectionsDuring(run: () => Promise<unknown>): Promise<number> {
  const before = fake.requests.introspection;
  await run();
  return fake.requests.introspection - before;
}

describe('KeycloakAccessTokenVerifier with introspection', () => {
  it('accepts an active token, and trusts it for cacheSeconds (30 by default)', async () => {
    const token = fake.accessToken(NOW);
    expect(await introspectionsDuring(() => expect(introspecting.verify(token, NOW)).resolves.toMatchObject({ expiresAt: NOW_SECONDS + 30 }))).toBe(1);
  });

  it('keeps exp when it comes before cacheSeconds are up', async () => {
    const verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm(), introspect: { cacheSeconds: 600 } });
    await expect(verifier.verify(fake.accessToken(NOW), NOW)).resolves.toMatchObject({ expiresAt: NOW_SECONDS + 300 });
  });

  it('refuses a token whose Keycloak session has ended (revoked)', async () => {
    const token = fake.accessToken(NOW);
    fake.revoked.add(token);
    const error = await rejectionOf(introspecting.verify(token, NOW), TokenInvalidError);
    expect(error.message).toBe('The token has been revoked.');
  });

  it('without introspection, accepts that token until exp and never asks the realm', async () => {
    const offline = new KeycloakAccessTokenVerifier({ realm: fake.realm() });
    const token = fake.accessToken(NOW);
    fake.revoked.add(token);
    expect(await introspectionsDuring(() => expect(offline.verify(token, NOW)).resolves.toMatchObject({ expiresAt: NOW_SECONDS + 300 }))).toBe(0);
  });

  it.each<FakeRealmMode>(['fail', 'hang', 'garbage'])('answers 503 when introspection is down (%s), never the offline answer', async (mode) => {
    fake.mode.introspection = mode;
    const error = await rejectionOf(introspecting.verify(fake.accessToken(NOW), NOW), KeycloakUnavailableError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 7 });
  });

  it('answers 503 when the realm refuses the client credentials it introspects with', async () => {
    const wrongSecret = new KeycloakRealm({ url: fake.url, realm: fake.name, clientId: 'stepgate-api', clientSecret: 'not-the-secret', timeoutMs: 300 });
    const verifier = new KeycloakAccessTokenVerifier({ realm: wrongSecret, introspect: true });
    await rejectionOf(verifier.verify(fake.accessToken(NOW), NOW), KeycloakUnavailableError);
  });

  // Threat: the server made to flood Keycloak. A client replaying its revoked token, or a burst of
  // requests carrying one new token, must cost one introspection, not one per request.
  it('asks once about a token found inactive, and refuses its replays until exp without asking again', async () => {
    const verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm(), introspect: true });
    const token = fake.accessToken(NOW);
    fake.revoked.add(token);
    const calls = await introspectionsDuring(async () => {
      for (let i = 0; i < 5; i++) await rejectionOf(verifier.verify(token, NOW), TokenInvalidError);
    });
    expect(calls).toBe(1);
  });

  it('shares one introspection among parallel requests with the same new token', async () => {
    const verifier = new KeycloakAccessTokenVerifier({ realm: fake.realm(), introspect: true });
    const token = fake.accessToken(NOW);
    const calls = await introspectionsDuring(() => Promise.all(Array.from({ length: 10 }, () => verifier.verify(token, NOW))));
    expect(calls).toBe(1);
  });

  it('asks the realm only about tokens that passed the offline checks', async () => {
    const expired = fake.accessToken(new Date(NOW.getTime() - 600_000));
    const otherClient = fake.accessToken(NOW, { aud: 'account', azp: 'other-client' });
    const asked = await introspectionsDuring(async () => {
      await rejectionOf(introspecting.verify(expired, NOW), TokenExpiredError);
      await rejectionOf(introspecting.verify(otherClient, NOW), TokenInvalidError);
    });
    expect(asked).toBe(0);
  });
});
