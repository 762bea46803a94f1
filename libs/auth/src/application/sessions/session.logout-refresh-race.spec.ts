// Threat: a logout that does not stick. A refresh reads the session, awaits the user directory
// (a remote call with Keycloak) and then extends the session; a logout landing in that gap was
// overwritten by the refresh's blind save, so the signed-out session came back as active.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthTestingModule, AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { SessionRevokedEvent } from '../../domain/events/session-revoked.event';
import { SessionRepository } from '../../ports/session-repository';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AuthenticateAccessTokenQuery } from '../tokens/authenticate-access-token.query';
import { RefreshTokensCommand } from '../tokens/refresh-tokens.command';
import { ListActiveSessionsQuery } from './list-active-sessions.query';
import { LogoutCommand } from './logout.command';

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('logout racing a refresh (memory adapters)', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    userId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann' })).userId;
  });
  afterEach(() => auth.close());

  const signIn = () => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
  const refresh = (token: string) => auth.commands.execute(new RefreshTokensCommand(token));
  const logout = (sessionId: string) => auth.commands.execute(new LogoutCommand(userId, sessionId));
  const listed = async () => (await auth.queries.execute(new ListActiveSessionsQuery(userId))).map((session) => session.id);
  const storedStatus = async (sessionId: string) => (await auth.module.get(SessionRepository).findById(sessionId))?.statusAt(auth.clock.now());

  it('a logout landing while the refresh awaits the directory wins: the refresh is refused, the session stays revoked', async () => {
    const signedIn = await signIn();
    const findById = auth.directory.findById.bind(auth.directory);
    vi.spyOn(auth.directory, 'findById').mockImplementationOnce(async (id) => {
      await logout(signedIn.tokens.sessionId);
      return findById(id);
    });

    await expect(refresh(signedIn.tokens.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });

    expect(await storedStatus(signedIn.tokens.sessionId)).toBe('revoked');
    expect(await listed()).toEqual([]);
    expect(auth.events.filter((event) => event instanceof SessionRevokedEvent)).toHaveLength(1);
  });

  it('50 rounds of refresh and logout at once: the session ends revoked, unlisted, with dead tokens', async () => {
    const findById = auth.directory.findById.bind(auth.directory);
    // A directory that yields, as any real one does, so the two commands really interleave.
    vi.spyOn(auth.directory, 'findById').mockImplementation(async (id) => {
      await turns(2);
      return findById(id);
    });
    let refreshesThatWon = 0;
    for (let round = 0; round < 50; round++) {
      const signedIn = await signIn();
      const [refreshed, loggedOut] = await Promise.allSettled([
        refresh(signedIn.tokens.refreshToken),
        turns(round % 5).then(() => logout(signedIn.tokens.sessionId)),
      ]);
      expect(loggedOut.status).toBe('fulfilled');
      if (refreshed.status === 'fulfilled') refreshesThatWon++;
      else expect(refreshed.reason).toMatchObject({ code: 'SESSION_REVOKED' });

      expect(await storedStatus(signedIn.tokens.sessionId)).toBe('revoked');
      expect(await listed()).toEqual([]);
      const successor = refreshed.status === 'fulfilled' ? [refreshed.value.tokens] : [];
      for (const tokens of [...successor, signedIn.tokens]) {
        await expect(refresh(tokens.refreshToken)).rejects.toMatchObject({ code: expect.stringMatching(/^(SESSION_REVOKED|REFRESH_TOKEN_REUSED)$/) });
        await expect(auth.queries.execute(new AuthenticateAccessTokenQuery(tokens.accessToken))).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
      }
    }
    // Both orders happened, or the sweep never raced the two commands.
    expect(refreshesThatWon).toBeGreaterThan(0);
    expect(refreshesThatWon).toBeLessThan(50);
  }, 60_000);
});
