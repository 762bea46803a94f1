import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestingModule, AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { AuthError } from '../../domain/auth-error';
import { SignInCompletedEvent } from '../../domain/events/sign-in-completed.event';
import { SignInFailedEvent } from '../../domain/events/sign-in-failed.event';
import { SessionRepository } from '../../ports/session-repository';
import { AuthenticateWithCredentialsCommand } from './authenticate-with-credentials.command';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return error instanceof AuthError ? error.code : `no AuthError: ${String(error)}`;
}

describe('AuthenticateWithCredentials', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ signInThrottle: { perAccount: { limit: 3, windowSeconds: 60 } }, allowStatelessSignIns: true });
    await auth.directory.create({ username: 'Ann', password: 'pw-of-ann', groups: ['staff'] });
  });
  afterEach(() => auth.close());

  const signIn = (username: string, password: string, context = {}) =>
    auth.commands.execute(new AuthenticateWithCredentialsCommand(username, password, context)).then(completed);

  it('opens an active session carrying the password factor and issues a pair', async () => {
    const result = await signIn('ann', 'pw-of-ann', { clientAddress: '10.0.0.1', userAgent: 'test' });
    expect(result.identity).toMatchObject({ username: 'ann', groups: ['staff'] });
    expect(result.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await auth.module.get(SessionRepository).findById(result.tokens.sessionId);
    expect(session?.isActiveAt(auth.clock.now())).toBe(true);
    expect(session?.methods).toEqual(['pwd']);
    expect(session?.mode).toBe('stateful');
    expect(session?.toState()).toMatchObject({ ip: '10.0.0.1', userAgent: 'test' });
    expect(auth.events.some((event) => event instanceof SignInCompletedEvent)).toBe(true);
  });

  it('matches usernames without regard to case', async () => {
    await expect(signIn('ANN', 'pw-of-ann')).resolves.toMatchObject({ status: 'complete' });
  });

  it('lets track_session pick the mode of this sign-in', async () => {
    const result = await signIn('ann', 'pw-of-ann', { trackSession: false });
    const session = await auth.module.get(SessionRepository).findById(result.tokens.sessionId);
    expect(session?.mode).toBe('stateless');
  });

  it('answers INVALID_CREDENTIALS for a wrong password and for an unknown user, and says so on the bus', async () => {
    expect(await codeOf(signIn('ann', 'wrong'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(signIn('nobody', 'wrong'))).toBe('INVALID_CREDENTIALS');
    const failures = auth.events.filter((event) => event instanceof SignInFailedEvent);
    expect(failures).toHaveLength(2);
    expect(JSON.stringify(failures)).not.toContain('wrong');
  });

  it('throttles an account after the limit, even with the right password, until the window ends', async () => {
    for (let i = 0; i < 3; i++) expect(await codeOf(signIn('ann', 'wrong'))).toBe('INVALID_CREDENTIALS');
    const error = await signIn('ann', 'pw-of-ann').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60 });
    auth.clock.advance(61);
    await expect(signIn('ann', 'pw-of-ann')).resolves.toMatchObject({ status: 'complete' });
  });

  it('clears the account counter on success', async () => {
    for (let i = 0; i < 2; i++) await codeOf(signIn('ann', 'wrong'));
    await signIn('ann', 'pw-of-ann');
    for (let i = 0; i < 3; i++) expect(await codeOf(signIn('ann', 'wrong'))).toBe('INVALID_CREDENTIALS');
  });
});
