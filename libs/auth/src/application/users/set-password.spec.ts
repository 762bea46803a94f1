import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AuthenticateAccessTokenQuery } from '../tokens/authenticate-access-token.query';
import { CreateUserCommand } from './create-user.command';
import { SetPasswordCommand } from './set-password.command';

// Threat: an admin resets a password because someone else knows it; that someone must lose every
// session, not only the ability to sign in again.
describe('SetPasswordCommand', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    ({ userId } = await auth.commands.execute(new CreateUserCommand('ivan', 'ivan-first-passphrase')));
  });
  afterEach(() => auth.close());

  const signIn = (password: string) => auth.commands.execute(new AuthenticateWithCredentialsCommand('ivan', password)).then(completed);
  const accessWorks = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token)).then(() => true, (error: { code: string }) => error.code);

  it('ends every session of the user; the old password is refused and the new one works', async () => {
    const laptop = await signIn('ivan-first-passphrase');
    const phone = await signIn('ivan-first-passphrase');

    await auth.commands.execute(new SetPasswordCommand(userId, 'ivan-second-passphrase'));

    expect(await accessWorks(laptop.tokens.accessToken)).toBe('SESSION_REVOKED');
    expect(await accessWorks(phone.tokens.accessToken)).toBe('SESSION_REVOKED');
    await expect(signIn('ivan-first-passphrase')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await accessWorks((await signIn('ivan-second-passphrase')).tokens.accessToken)).toBe(true);
  });

  it('refuses a common password, keeping the old password and the sessions', async () => {
    const session = await signIn('ivan-first-passphrase');

    await expect(auth.commands.execute(new SetPasswordCommand(userId, 'iloveyou1'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password' }] });

    expect(await accessWorks(session.tokens.accessToken)).toBe(true);
    expect((await signIn('ivan-first-passphrase')).identity.userId).toBe(userId);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    await expect(auth.commands.execute(new SetPasswordCommand('no-such-user', 'a-perfectly-fine-passphrase'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
