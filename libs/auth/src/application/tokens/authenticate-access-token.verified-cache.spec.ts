// Threat: every guarded request paying for a signature check, and one request changing what the
// next one sees. A token seen before is answered from the cache without another check, with the
// very context the first request got; that context is frozen, since a handler that pushed a group
// into it would grant that group to every later request with the token.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AccessTokenVerifiers } from './access-token-verifiers';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';

describe('AuthenticateAccessToken: a token seen before', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ accessTokenTtlSeconds: 60 });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann', groups: ['staff'] });
  });
  afterEach(() => auth.close());

  const authenticate = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token));

  it('is verified once, then answered with the same frozen context', async () => {
    const { tokens } = await auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
    const verify = vi.spyOn(auth.module.get(AccessTokenVerifiers), 'verify');
    const first = await authenticate(tokens.accessToken);
    const second = await authenticate(tokens.accessToken);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(first).toMatchObject({ accessToken: tokens.accessToken, identity: { groups: ['staff'] } });
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.identity.groups)).toBe(true);
  });
});
