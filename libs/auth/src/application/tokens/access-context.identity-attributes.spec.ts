// Threat: a stale or forged attribute deciding an ABAC rule, or the cost of one directory lookup on
// every request. Attributes travel in the signed access token: they cannot be edited by the caller,
// cost nothing to read, and are as fresh as the token (a refresh reads the directory again). The
// token stays small: attributes beyond MAX_TOKEN_ATTRIBUTES_CHARS are left out whole, never cut.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { UserDirectory } from '../../ports/user-directory';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { UpdateUserCommand } from '../users/update-user.command';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';
import { RefreshTokensCommand } from './refresh-tokens.command';
import { MAX_TOKEN_ATTRIBUTES_CHARS, tokenAttributesOf } from './token-attributes';

describe('identity attributes in the access context', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    ({ userId } = await auth.directory.create({ username: 'ann', password: 'pw-of-ann', groups: ['staff'], attributes: { department: 'research', phone: '+15550100009' } }));
  });
  afterEach(() => auth.close());

  const signIn = () => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
  const authenticate = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token));

  it('come from the token, with no directory lookup per request', async () => {
    const { tokens } = await signIn();
    const lookups = vi.spyOn(auth.module.get(UserDirectory), 'findById');
    for (let i = 0; i < 3; i++) {
      expect((await authenticate(tokens.accessToken)).identity.attributes).toEqual({ department: 'research', phone: '+15550100009' });
    }
    expect(lookups).not.toHaveBeenCalled();
  });

  it('follow the directory at the next refresh, like permits', async () => {
    const { tokens } = await signIn();
    await auth.commands.execute(new UpdateUserCommand(userId, { attributes: { department: 'sales' } }));
    expect((await authenticate(tokens.accessToken)).identity.attributes).toEqual({ department: 'research', phone: '+15550100009' });
    const refreshed = await auth.commands.execute(new RefreshTokensCommand(tokens.refreshToken));
    expect((await authenticate(refreshed.tokens.accessToken)).identity.attributes).toEqual({ department: 'sales' });
  });

  it('are frozen: one request cannot change what the next one reads', async () => {
    const { tokens } = await signIn();
    const caller = await authenticate(tokens.accessToken);
    expect(() => ((caller.identity.attributes as Record<string, string>).department = 'it')).toThrow(TypeError);
    expect(() => (caller.identity.groups as string[]).push('admin')).toThrow(TypeError);
    expect((await authenticate(tokens.accessToken)).identity).toMatchObject({ groups: ['staff'], attributes: { department: 'research' } });
  });

  it('are bounded: whole attributes in name order up to the limit, none cut short', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`attr-${String(i).padStart(2, '0')}`, 'x'.repeat(200)]));
    const kept = tokenAttributesOf(many)!;
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(MAX_TOKEN_ATTRIBUTES_CHARS);
    expect(Object.keys(kept).length).toBeGreaterThan(5);
    expect(Object.keys(kept)).toEqual(Object.keys(many).slice(0, Object.keys(kept).length));
    expect(Object.values(kept).every((value) => value.length === 200)).toBe(true);
    expect(tokenAttributesOf({ department: 'research', huge: 'y'.repeat(5000) })).toEqual({ department: 'research' });
    expect(tokenAttributesOf({})).toBeUndefined();
    expect(tokenAttributesOf(undefined)).toBeUndefined();
  });
});
