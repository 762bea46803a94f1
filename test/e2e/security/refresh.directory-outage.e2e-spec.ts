// A refresh re-reads the user from the directory (Keycloak's admin API, say). When the directory is
// down the refresh answers 503, and the refresh token must survive it: had the token been spent
// first, the client's retry would look like a stolen token being replayed, and reuse detection
// would end a session whose only fault was an outage.
import { type AuthenticatedIdentity, IdentityProvider } from '@stepgate/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthModuleApp, startAuthModuleApp } from '../support/auth-module-app';
import { OneUserDirectory } from '../support/one-user-directory';
import { bearer, expectProblem } from '../support/problem';

const ERIN = { userId: '5b0c6f0e-0000-4000-8000-0000000e0121', username: 'erin', groups: ['staff'] };

class OneUserProvider extends IdentityProvider {
  async authenticate(username: string, password: string): Promise<AuthenticatedIdentity | undefined> {
    return username === 'erin' && password === 'erin-password' ? ERIN : undefined;
  }
}

describe('a refresh while the user directory is down', () => {
  let harness: AuthModuleApp;
  const directory = new OneUserDirectory(ERIN);
  beforeAll(async () => {
    harness = await startAuthModuleApp({ identity: { provider: new OneUserProvider(), directory } });
  });
  afterAll(() => harness?.app.close());

  it('answers 503 with Retry-After and leaves the refresh token unspent, so the retry rotates it and the session lives', async () => {
    const signIn = await harness.http.post('/auth/login').send({ username: 'erin', password: 'erin-password' });
    expect(signIn.status).toBe(200);
    directory.down = true;
    const refused = await harness.http.post('/auth/refresh').send({ refresh_token: signIn.body.refresh_token });
    expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
    expect(refused.headers['retry-after']).toBe('3');
    directory.down = false;
    const retried = await harness.http.post('/auth/refresh').send({ refresh_token: signIn.body.refresh_token });
    expect(retried.status).toBe(200);
    expect((await harness.http.get('/auth/sessions').set(bearer(retried.body.access_token))).status).toBe(200);
  });
});
