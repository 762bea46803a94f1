// Threat: a stolen access token used to guess the account's password through the change-password
// check, unthrottled; and two changes racing from one known password, both "winning".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { ChangePasswordCommand } from './change-password.command';
import { CreateUserCommand } from './create-user.command';

describe('ChangePasswordCommand: throttling and races', () => {
  let auth: AuthTestingModule;
  let userId: string;
  let sessionId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ signInThrottle: { perAccount: { limit: 3 } } });
    ({ userId } = await auth.commands.execute(new CreateUserCommand('kiri', 'kiri-first-passphrase')));
    sessionId = (await signIn('kiri-first-passphrase')).tokens.sessionId!;
  });
  afterEach(() => auth.close());

  const signIn = (password: string) => auth.commands.execute(new AuthenticateWithCredentialsCommand('kiri', password)).then(completed);
  const change = (current: string, next = 'kiri-second-passphrase') => auth.commands.execute(new ChangePasswordCommand(userId, sessionId, current, next, { clientAddress: '203.0.113.9' }));
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (error: { code: string }) => error.code);

  it('counts a wrong current password against the account like a failed sign-in: past the limit even the right one is refused', async () => {
    for (let i = 0; i < 3; i++) expect(await codeOf(change(`guess-${i}`))).toBe('INVALID_CREDENTIALS');

    expect(await codeOf(change('kiri-first-passphrase'))).toBe('TOO_MANY_ATTEMPTS');
    expect(await codeOf(signIn('kiri-first-passphrase'))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('shares the counter with sign-in: failed sign-ins leave fewer change attempts', async () => {
    for (let i = 0; i < 2; i++) expect(await codeOf(signIn(`guess-${i}`))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(change('guess-2'))).toBe('INVALID_CREDENTIALS');

    expect(await codeOf(change('kiri-first-passphrase'))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('does not count a refused weak new password as a guess', async () => {
    for (let i = 0; i < 5; i++) expect(await codeOf(change('kiri-first-passphrase', 'short'))).toBe('VALIDATION_FAILED');
    expect(await codeOf(change('kiri-first-passphrase'))).toBe('OK');
  });

  it('lets only one of two changes made at once from the same current password succeed', async () => {
    const results = await Promise.all(['kiri-passphrase-a', 'kiri-passphrase-b'].map((next) => codeOf(change('kiri-first-passphrase', next))));

    expect([...results].sort()).toEqual(['INVALID_CREDENTIALS', 'OK']);
    const winner = results[0] === 'OK' ? 'kiri-passphrase-a' : 'kiri-passphrase-b';
    const loser = winner === 'kiri-passphrase-a' ? 'kiri-passphrase-b' : 'kiri-passphrase-a';
    expect(await codeOf(signIn(winner))).toBe('OK');
    expect(await codeOf(signIn(loser))).toBe('INVALID_CREDENTIALS');
  });
});
