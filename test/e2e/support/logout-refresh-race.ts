import { expect } from 'vitest';
import { UserDirectory } from '@stepgate/auth';
import { DemoUnderTest, signIn } from './demo-app';
import { bearer, expectProblem } from './problem';

/**
 * Fires a refresh and a logout of one fresh session at once, `rounds` times, and checks after each
 * round that the logout stuck: the session is not listed, no refresh token of it buys a pair, and
 * (stateful) no access token of it passes. Whichever request the server ran first, logout wins.
 * The logout gets head starts of 0 to 5 times `headStartStepMs`, which must span the refresh.
 */
export async function expectLogoutToWinRefreshRaces(demo: DemoUnderTest, rounds: number, headStartStepMs = 1): Promise<{ refreshesThatWon: number }> {
  const witness = await signIn(demo, 'alice');
  let refreshesThatWon = 0;
  for (let round = 0; round < rounds; round++) {
    const tokens = await signIn(demo, 'alice');
    // A sweep of head starts for the logout, so it lands at every point of the refresh.
    const [refreshed, loggedOut] = await Promise.all([
      demo.http.post('/auth/refresh').send({ refresh_token: tokens.refresh_token }),
      after((round % 6) * headStartStepMs, () => demo.http.post('/auth/logout').set(bearer(tokens.access_token))),
    ]);
    expect(loggedOut.status).toBe(204);
    expect([200, 401]).toContain(refreshed.status);
    if (refreshed.status === 200) refreshesThatWon++;

    const listed = await demo.http.get('/auth/sessions').set(bearer(witness.access_token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(tokens.session_id);

    // The successor first: presenting the spent original would revoke the family and hide a live successor.
    const refreshTokens = refreshed.status === 200 ? [refreshed.body.refresh_token, tokens.refresh_token] : [tokens.refresh_token];
    for (const refreshToken of refreshTokens) {
      expect((await demo.http.post('/auth/refresh').send({ refresh_token: refreshToken })).status).toBe(401);
    }
    const accessTokens = refreshed.status === 200 ? [tokens.access_token, refreshed.body.access_token] : [tokens.access_token];
    for (const accessToken of accessTokens) {
      expectProblem(await demo.http.get('/auth/me').set(bearer(accessToken)), 401, 'SESSION_REVOKED');
    }
  }
  return { refreshesThatWon };
}

/**
 * Makes the demo's user directory answer after `ms`, as a remote one (Keycloak's admin API) does.
 * An in-process directory on SQLite answers without yielding to the event loop, so without this
 * the refresh's read-then-write of the session has no gap for another request to land in.
 */
export function slowDownDirectory(demo: DemoUnderTest, ms: number): void {
  const directory = demo.app.get(UserDirectory);
  const findById = directory.findById.bind(directory);
  directory.findById = async (id) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return findById(id);
  };
}

async function after<T>(ms: number, start: () => PromiseLike<T>): Promise<T> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  return start();
}
