import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestingModule, AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { RefreshTokenReusedEvent } from '../../domain/events/refresh-token-reused.event';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { RemoveUserCommand } from '../users/remove-user.command';
import { RefreshTokensCommand } from './refresh-tokens.command';

describe('RefreshTokens', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ refreshTokenTtlSeconds: 600 });
    userId = (await auth.directory.create({ username: 'ann', password: 'pw-of-ann', groups: ['staff'] })).userId;
  });
  afterEach(() => auth.close());

  const signIn = () => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
  const refresh = (token: string) => auth.commands.execute(new RefreshTokensCommand(token));

  it('rotates: a new pair in the same session, the presented token spent', async () => {
    const first = await signIn();
    const second = await refresh(first.tokens.refreshToken);
    expect(second.tokens.sessionId).toBe(first.tokens.sessionId);
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    expect(second.tokens.refreshRecord.generation).toBe(1);
    await expect(refresh(second.tokens.refreshToken)).resolves.toMatchObject({ status: 'complete' });
  });

  it('reads groups again on refresh', async () => {
    const first = await signIn();
    const second = await refresh(first.tokens.refreshToken);
    expect(second.identity.groups).toEqual(['staff']);
  });

  it('treats a spent token as theft: REFRESH_TOKEN_REUSED, and the successor dies with the family', async () => {
    const first = await signIn();
    const second = await refresh(first.tokens.refreshToken);
    await expect(refresh(first.tokens.refreshToken)).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    // The successor was never spent, only revoked with its family.
    await expect(refresh(second.tokens.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect(auth.events.some((event) => event instanceof RefreshTokenReusedEvent)).toBe(true);
  });

  it('refuses an expired refresh token with TOKEN_EXPIRED', async () => {
    const first = await signIn();
    auth.clock.advance(601);
    await expect(refresh(first.tokens.refreshToken)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses an unknown token with TOKEN_INVALID', async () => {
    await expect(refresh('not-a-token')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('refuses to refresh for a removed user', async () => {
    const first = await signIn();
    await auth.commands.execute(new RemoveUserCommand(userId));
    await expect(refresh(first.tokens.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });
});
