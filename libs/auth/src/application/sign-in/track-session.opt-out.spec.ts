// Threat: a client that skips the session check of a stateful deployment by asking, at sign-in, for
// a stateless session (`track_session: false`), whose tokens outlive logout and revocation. Refused
// unless the app allows it, before the password is checked; allowed, the token lives 300 s at most.
import { afterEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import type { AuthModuleOptions } from '../../auth-module.options';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';

describe('track_session: false', () => {
  let auth: AuthTestingModule;
  const boot = async (options: Partial<AuthModuleOptions> = {}) => {
    auth = await createAuthTestingModule(options);
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  };
  afterEach(() => auth.close());
  const signIn = (trackSession?: boolean, password = 'pw-of-ann') => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', password, { trackSession }));

  it('is refused by a stateful deployment by default, on track_session, before the password is checked', async () => {
    await boot();
    for (const password of ['pw-of-ann', 'wrong']) {
      await expect(signIn(false, password)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'track_session', message: expect.any(String) }] });
    }
    expect(auth.events.filter((event) => event instanceof SignInFailedEvent)).toEqual([]);
    await expect(signIn(true).then(completed)).resolves.toMatchObject({ tokens: { accessTokenExpiresIn: 900 } });
  });

  it('is allowed with allowStatelessSignIns, with the stateless lifetime, never longer than the stateful one', async () => {
    await boot({ allowStatelessSignIns: true });
    expect((await signIn(false).then(completed)).tokens.accessTokenExpiresIn).toBe(300);
    await auth.close();
    await boot({ allowStatelessSignIns: true, accessTokenTtlSeconds: 120 });
    expect((await signIn(false).then(completed)).tokens.accessTokenExpiresIn).toBe(120);
  });

  it('is the default of a stateless deployment, whose configured lifetime applies', async () => {
    await boot({ mode: 'stateless', accessTokenTtlSeconds: 600 });
    expect((await signIn(false).then(completed)).tokens.accessTokenExpiresIn).toBe(600);
    expect((await signIn().then(completed)).tokens.accessTokenExpiresIn).toBe(600);
  });
});
