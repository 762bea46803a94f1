// Threat: one abusive address locking everyone out. The per-client limit exists to stop spraying
// from one address; if its count were shared (or keyed on anything but the address), a few failures
// from an attacker would refuse every other client's sign-in, even with the right password.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError } from '../../domain/auth-error';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';

const ATTACKER = '203.0.113.66';
const NEIGHBOUR = '198.51.100.7';

describe('per-client sign-in throttle', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    // The account limit is out of reach, so only the client limit can refuse.
    auth = await createAuthTestingModule({ signInThrottle: { perAccount: { limit: 1000 }, perClient: { limit: 3, windowSeconds: 900 } } });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  const signIn = (password: string, clientAddress: string) =>
    auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', password, { clientAddress })).then(
      (result) => completed(result).identity.username,
      (error: unknown) => (error instanceof AuthError ? error.code : error),
    );

  it('failures from one client address never throttle another client address', async () => {
    for (let i = 0; i < 3; i++) expect(await signIn(`guess-${i}`, ATTACKER)).toBe('INVALID_CREDENTIALS');
    expect(await signIn('pw-of-ann', ATTACKER)).toBe('TOO_MANY_ATTEMPTS');
    // The other address's passwords are still checked: a wrong one is wrong, the right one signs in.
    expect(await signIn('guess-3', NEIGHBOUR)).toBe('INVALID_CREDENTIALS');
    expect(await signIn('pw-of-ann', NEIGHBOUR)).toBe('ann');
    expect(await signIn('pw-of-ann', ATTACKER)).toBe('TOO_MANY_ATTEMPTS');
  });
});
