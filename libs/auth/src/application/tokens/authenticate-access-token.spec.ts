import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestingModule, AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { SessionRepository } from '../../ports/session-repository';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { LogoutCommand } from '../sessions/logout.command';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';

describe('AuthenticateAccessToken', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ accessTokenTtlSeconds: 60, sessionCheckStalenessMs: 5000, allowStatelessSignIns: true });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann', email: 'ann@example.com', groups: ['staff'] });
  });
  afterEach(() => auth.close());

  const signIn = (trackSession?: boolean) => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann', { trackSession })).then(completed);
  const authenticate = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token));

  it('turns a valid token into the caller, from the token alone', async () => {
    const { tokens } = await signIn();
    const caller = await authenticate(tokens.accessToken);
    expect(caller.identity).toEqual({ userId: expect.any(String), username: 'ann', email: 'ann@example.com', groups: ['staff'] });
    expect(caller.sessionId).toBe(tokens.sessionId);
    expect(caller.claims).toMatchObject({ acr: '1', amr: ['pwd'], session_mode: 'stateful', iss: 'stepgate', aud: 'stepgate' });
  });

  it('refuses a token once the clock passes its exp, even after it was cached as valid', async () => {
    const { tokens } = await signIn();
    await authenticate(tokens.accessToken);
    auth.clock.advance(61);
    await expect(authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a stateful session revoked on this instance at once, despite the cached answer', async () => {
    const { tokens, identity } = await signIn();
    await authenticate(tokens.accessToken);
    await auth.commands.execute(new LogoutCommand(identity.userId, tokens.sessionId));
    await expect(authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('sees a revocation made behind its back (another instance) once the staleness bound has passed', async () => {
    const { tokens } = await signIn();
    await authenticate(tokens.accessToken);
    const sessions = auth.module.get(SessionRepository);
    const session = (await sessions.findById(tokens.sessionId))!;
    session.revoke(auth.clock.now(), 'logout');
    await sessions.save(session);
    await expect(authenticate(tokens.accessToken)).resolves.toBeDefined();
    auth.clock.advance(6);
    await expect(authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('trusts a stateless token until it expires, whatever happens to its session', async () => {
    const { tokens, identity } = await signIn(false);
    await auth.commands.execute(new LogoutCommand(identity.userId, tokens.sessionId));
    await expect(authenticate(tokens.accessToken)).resolves.toMatchObject({ sessionId: tokens.sessionId });
  });

  it('refuses garbage with TOKEN_INVALID', async () => {
    await expect(authenticate('a.b.c')).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('does not remember a failure: a token refused while not yet valid passes once it is', async () => {
    const { tokens } = await signIn();
    const issuedAt = auth.clock.now();
    // Seen from a clock two minutes behind, the token was issued in the future: refused.
    auth.clock.advance(-120);
    await expect(authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    auth.clock.set(issuedAt);
    await expect(authenticate(tokens.accessToken)).resolves.toMatchObject({ sessionId: tokens.sessionId });
  });
});
