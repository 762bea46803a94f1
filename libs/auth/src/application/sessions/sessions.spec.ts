import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestingModule, AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { SessionRevokedEvent } from '../../domain/events/session-revoked.event';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { RefreshTokensCommand } from '../tokens/refresh-tokens.command';
import { ListActiveSessionsQuery } from './list-active-sessions.query';
import { LogoutCommand } from './logout.command';
import { RevokeSessionCommand } from './revoke-session.command';

describe('sessions: list, revoke, logout', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
    await auth.directory.create({ username: 'ben', password: 'pw-of-ben' });
  });
  afterEach(() => auth.close());

  const signIn = (username: string) => auth.commands.execute(new AuthenticateWithCredentialsCommand(username, `pw-of-${username}`)).then(completed);
  const list = (userId: string, current?: string) => auth.queries.execute(new ListActiveSessionsQuery(userId, current));

  it("lists only the user's own active sessions, newest first, marking the current one", async () => {
    const older = await signIn('ann');
    auth.clock.advance(1);
    const newer = await signIn('ann');
    await signIn('ben');
    const sessions = await list(older.identity.userId, older.tokens.sessionId);
    expect(sessions.map((s) => s.id)).toEqual([newer.tokens.sessionId, older.tokens.sessionId]);
    expect(sessions.map((s) => s.current)).toEqual([false, true]);
  });

  it('revokes an own session: it leaves the list and its refresh token stops working', async () => {
    const ann = await signIn('ann');
    await auth.commands.execute(new RevokeSessionCommand(ann.identity.userId, ann.tokens.sessionId));
    expect(await list(ann.identity.userId)).toEqual([]);
    await expect(auth.commands.execute(new RefreshTokensCommand(ann.tokens.refreshToken))).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect(auth.events.filter((e) => e instanceof SessionRevokedEvent)).toHaveLength(1);
  });

  it("answers NOT_FOUND for another user's session and leaves it alone", async () => {
    const ann = await signIn('ann');
    const ben = await signIn('ben');
    await expect(auth.commands.execute(new RevokeSessionCommand(ann.identity.userId, ben.tokens.sessionId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await list(ben.identity.userId)).toHaveLength(1);
  });

  it('logs out the current session, or a named own one', async () => {
    const first = await signIn('ann');
    const second = await signIn('ann');
    await auth.commands.execute(new LogoutCommand(first.identity.userId, first.tokens.sessionId, second.tokens.sessionId));
    expect((await list(first.identity.userId)).map((s) => s.id)).toEqual([first.tokens.sessionId]);
    await auth.commands.execute(new LogoutCommand(first.identity.userId, first.tokens.sessionId));
    expect(await list(first.identity.userId)).toEqual([]);
    await expect(auth.commands.execute(new LogoutCommand(first.identity.userId, first.tokens.sessionId))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
