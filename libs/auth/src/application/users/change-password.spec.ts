import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AuthenticateAccessTokenQuery } from '../tokens/authenticate-access-token.query';
import { RefreshTokensCommand } from '../tokens/refresh-tokens.command';
import { ChangePasswordCommand } from './change-password.command';
import { CreateUserCommand } from './create-user.command';
import { UpdateUserCommand } from './update-user.command';

describe('ChangePasswordCommand', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    ({ userId } = await auth.commands.execute(new CreateUserCommand('jana', 'jana-first-passphrase')));
  });
  afterEach(() => auth.close());

  const signIn = (password = 'jana-first-passphrase') => auth.commands.execute(new AuthenticateWithCredentialsCommand('jana', password)).then(completed);
  const change = (sessionId: string, current: string, next: string, id = userId) => auth.commands.execute(new ChangePasswordCommand(id, sessionId, current, next));
  const accessWorks = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token)).then(() => true, (error: { code: string }) => error.code);

  it('ends the other sessions and keeps the current one; the old password is refused, the new one works', async () => {
    const current = await signIn();
    const other = await signIn();

    await change(current.tokens.sessionId!, 'jana-first-passphrase', 'jana-second-passphrase');

    expect(await accessWorks(current.tokens.accessToken)).toBe(true);
    expect((await auth.commands.execute(new RefreshTokensCommand(current.tokens.refreshToken))).tokens.sessionId).toBe(current.tokens.sessionId);
    expect(await accessWorks(other.tokens.accessToken)).toBe('SESSION_REVOKED');
    await expect(signIn()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await signIn('jana-second-passphrase')).identity.userId).toBe(userId);
  });

  it('refuses a wrong current password with INVALID_CREDENTIALS and changes nothing', async () => {
    const current = await signIn();
    const other = await signIn();

    await expect(change(current.tokens.sessionId!, 'not-my-password', 'jana-second-passphrase')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });

    expect(await accessWorks(other.tokens.accessToken)).toBe(true);
    expect((await signIn()).identity.userId).toBe(userId);
    await expect(signIn('jana-second-passphrase')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a weak new password naming new_password, keeping the old one', async () => {
    const current = await signIn();

    await expect(change(current.tokens.sessionId!, 'jana-first-passphrase', 'qwerty123')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'new_password', message: expect.stringMatching(/common/) }],
    });
    expect((await signIn()).identity.userId).toBe(userId);
  });

  it('accepts the current password typed in fullwidth letters, as NFKC makes it the same password', async () => {
    const current = await signIn();
    await change(current.tokens.sessionId!, 'ｊａｎａ-ｆｉｒｓｔ-ｐａｓｓｐｈｒａｓｅ', 'jana-second-passphrase');
    expect((await signIn('jana-second-passphrase')).identity.userId).toBe(userId);
  });

  it('answers NOT_FOUND for an unknown user and UNAUTHENTICATED for a disabled one', async () => {
    await expect(change('s', 'jana-first-passphrase', 'jana-second-passphrase', 'no-such-user')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await auth.commands.execute(new UpdateUserCommand(userId, { enabled: false }));
    await expect(change('s', 'jana-first-passphrase', 'jana-second-passphrase')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
