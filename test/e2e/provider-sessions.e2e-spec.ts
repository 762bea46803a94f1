// The identity provider's own session (Keycloak's SSO session) lives and dies with the module
// session it opened: a logout ends it once, the provider's back-channel notice ends the module
// session, and its handle (a refresh token of the realm) is never kept in the clear.
import { AuthenticatedIdentity, IdentityProvider, MemoryProviderSessionStore, memoryStores, type ProviderLogout, type ProviderSession, TokenInvalidError } from '@stepgate/auth';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuthModuleApp, startAuthModuleApp } from './support/auth-module-app';
import { OneUserDirectory } from './support/one-user-directory';
import { bearer, expectProblem } from './support/problem';

const DANA = { userId: '5b0c6f0e-0000-4000-8000-00000000da4a', username: 'dana', groups: ['staff'] };

/** A provider with one user whose every sign-in opens a provider session `sid-N` with handle `realm-refresh-N`. */
class ProviderWithSessions extends IdentityProvider {
  opened = 0;
  readonly ended: ProviderSession[] = [];
  failEnding = false;

  async authenticate(username: string, password: string): Promise<AuthenticatedIdentity | undefined> {
    if (username !== 'dana' || password !== 'dana-password') return undefined;
    this.opened += 1;
    return { ...DANA, providerSession: { id: `sid-${this.opened}`, handle: `realm-refresh-${this.opened}`, expiresAt: new Date(Date.now() + 1_800_000) } };
  }

  override async endSession(session: ProviderSession): Promise<void> {
    this.ended.push(session);
    if (this.failEnding) throw new Error('the realm is down');
  }

  override async verifyLogoutNotice(logoutToken: string): Promise<ProviderLogout> {
    const [verdict, named] = logoutToken.split(':');
    if (verdict === 'signed-user') return { sessionIds: [], userId: named };
    if (verdict !== 'signed') throw new TokenInvalidError('The logout token does not verify.');
    return { sessionIds: [named] };
  }
}

describe('provider sessions follow the module sessions they opened', () => {
  let harness: AuthModuleApp;
  let provider: ProviderWithSessions;
  let links: MemoryProviderSessionStore;
  afterEach(() => harness?.app.close());

  async function start(): Promise<void> {
    provider = new ProviderWithSessions();
    links = new MemoryProviderSessionStore();
    harness = await startAuthModuleApp({ identity: { provider, directory: new OneUserDirectory(DANA) }, stores: { ...memoryStores(), providerSessions: links } });
  }
  const signIn = async () => {
    const response = await harness.http.post('/auth/login').send({ username: 'dana', password: 'dana-password' });
    expect(response.status).toBe(200);
    return response.body as { access_token: string; refresh_token: string; session_id: string };
  };
  const notice = (logoutToken: string) => harness.http.post('/auth/backchannel-logout').type('form').send({ logout_token: logoutToken });

  it('ends the provider session once when the user logs out', async () => {
    await start();
    const tokens = await signIn();
    expect((await harness.http.post('/auth/logout').set(bearer(tokens.access_token)).send({})).status).toBe(204);
    expect(provider.ended.map(({ id, handle }) => ({ id, handle }))).toEqual([{ id: 'sid-1', handle: 'realm-refresh-1' }]);
  });

  it('ends it once when a logout and a revocation of the same session race', async () => {
    await start();
    const tokens = await signIn();
    await Promise.all([
      harness.http.post('/auth/logout').set(bearer(tokens.access_token)).send({}),
      harness.http.delete(`/auth/sessions/${tokens.session_id}`).set(bearer(tokens.access_token)),
      harness.http.post('/auth/logout').set(bearer(tokens.access_token)).send({}),
    ]);
    expect(provider.ended).toHaveLength(1);
  });

  it('keeps the provider session handle sealed at rest, not as the provider gave it', async () => {
    await start();
    const { session_id } = await signIn();
    const link = await links.take(session_id, new Date());
    expect(link?.providerSessionId).toBe('sid-1');
    expect(link?.handle).not.toContain('realm-refresh-1');
    expect(link?.handle).toMatch(/ciphertext/);
  });

  it('ends the module session, its access and refresh tokens, when the provider says its session ended', async () => {
    await start();
    const tokens = await signIn();
    const answer = await notice('signed:sid-1');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expectProblem(await harness.http.get('/auth/me').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    expect((await harness.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token })).status).toBe(401);
    // The provider ended its own session: it is not asked to end it again.
    expect(provider.ended).toEqual([]);
  });

  it('leaves the other sessions of the user alone when the notice names one session', async () => {
    await start();
    const first = await signIn();
    const second = await signIn();
    expect((await notice('signed:sid-1')).status).toBe(200);
    expectProblem(await harness.http.get('/auth/me').set(bearer(first.access_token)), 401, 'SESSION_REVOKED');
    expect((await harness.http.get('/auth/me').set(bearer(second.access_token))).status).toBe(200);
  });

  it('ends every session of the user a notice names by sub alone, without calling the provider back for each', async () => {
    await start();
    const first = await signIn();
    const second = await signIn();
    expect((await notice(`signed-user:${DANA.userId}`)).status).toBe(200);
    for (const tokens of [first, second]) expectProblem(await harness.http.get('/auth/me').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
    expect(provider.ended).toEqual([]);
  });

  it('refuses a forged logout notice with 400 and ends nothing (a logout forced on others)', async () => {
    await start();
    const tokens = await signIn();
    expectProblem(await notice('forged:sid-1'), 400, 'VALIDATION_FAILED');
    expectProblem(await harness.http.post('/auth/backchannel-logout').type('form').send({}), 400, 'VALIDATION_FAILED');
    expect((await harness.http.get('/auth/me').set(bearer(tokens.access_token))).status).toBe(200);
  });

  it('logs out even when the provider cannot end its session (the module session is what guards the API)', async () => {
    await start();
    provider.failEnding = true;
    const tokens = await signIn();
    expect((await harness.http.post('/auth/logout').set(bearer(tokens.access_token)).send({})).status).toBe(204);
    expect(provider.ended).toHaveLength(1);
    expectProblem(await harness.http.get('/auth/me').set(bearer(tokens.access_token)), 401, 'SESSION_REVOKED');
  });
});

describe('the back-channel logout route with the local provider', () => {
  it('answers 404: the local provider sends no logout notices', async () => {
    const harness = await startAuthModuleApp({});
    try {
      expectProblem(await harness.http.post('/auth/backchannel-logout').type('form').send({ logout_token: 'a.b.c' }), 404, 'NOT_FOUND');
    } finally {
      await harness.app.close();
    }
  });
});
