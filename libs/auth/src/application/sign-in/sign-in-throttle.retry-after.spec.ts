// Threat: a Retry-After that lies. Too short, and a client that obeys it is refused again (and keeps
// hammering); a whole window from "now" instead of from the window's start, and an honest user waits
// longer than the limit demands. The value is the seconds left in the fixed window, rounded up.
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthModuleOptions } from '../../auth-module.options';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';

describe('Retry-After of the sign-in throttle', () => {
  let auth: AuthTestingModule;
  const boot = async (signInThrottle: AuthModuleOptions['signInThrottle']) => {
    auth = await createAuthTestingModule({ signInThrottle });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  };
  afterEach(() => auth.close());

  /** The username signed in, the error's code, or for a 429 its Retry-After in seconds. */
  const signIn = (password: string) =>
    auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', password, { clientAddress: '192.0.2.10' })).then(
      (result) => completed(result).identity.username,
      (error: { code: string; retryAfterSeconds?: number }) => error.retryAfterSeconds ?? error.code,
    );

  it('a client over its limit is told the seconds left in its window, rounded up, and may sign in once they pass', async () => {
    await boot({ perAccount: { limit: 1000 }, perClient: { limit: 2, windowSeconds: 600 } });
    expect(await signIn('guess-1')).toBe('INVALID_CREDENTIALS');
    auth.clock.advance(100.5);
    expect(await signIn('guess-2')).toBe('INVALID_CREDENTIALS');
    auth.clock.advance(49.2);
    // 600 - 149.7 = 450.3 s left of the window the first failure opened.
    expect(await signIn('pw-of-ann')).toBe(451);
    auth.clock.advance(450);
    expect(await signIn('pw-of-ann')).toBe(1);
    auth.clock.advance(0.3);
    expect(await signIn('pw-of-ann')).toBe('ann');
  });

  it('an account over its limit is told the seconds left in its window, rounded up, and may sign in once they pass', async () => {
    await boot({ perAccount: { limit: 2, windowSeconds: 300 }, perClient: { limit: 1000 } });
    expect(await signIn('guess-1')).toBe('INVALID_CREDENTIALS');
    auth.clock.advance(10);
    expect(await signIn('guess-2')).toBe('INVALID_CREDENTIALS');
    auth.clock.advance(60.4);
    // 300 - 70.4 = 229.6 s left of the window the first failure opened.
    expect(await signIn('pw-of-ann')).toBe(230);
    auth.clock.advance(229.6);
    expect(await signIn('pw-of-ann')).toBe('ann');
  });
});
