// Threat: a step-up elevation that outlives its session. Whatever ends a session (logout, an
// admin's revocation, refresh-token reuse) ends its elevations with it, and no other session's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthTestingModule, type AuthTestingModule, completed } from '../../testing/auth-testing-module';
import { ElevationStore } from '../../ports/elevation-store';
import type { ElevationKey } from '../../domain/elevation';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { RefreshTokensCommand } from '../tokens/refresh-tokens.command';
import { LogoutCommand } from './logout.command';
import { RevokeSessionCommand } from './revoke-session.command';

describe('a session’s step-up elevations end with it', () => {
  let auth: AuthTestingModule;
  let elevations: ElevationStore;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
    elevations = auth.module.get(ElevationStore);
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  const signIn = () => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
  async function elevated(session: Awaited<ReturnType<typeof signIn>>): Promise<ElevationKey> {
    const key = { userId: session.identity.userId, sessionId: session.tokens.sessionId, operation: 'transfer_funds' };
    const now = auth.clock.now();
    await elevations.grant({ ...key, operationId: `op-${key.sessionId}`, grantedAt: now, expiresAt: new Date(now.getTime() + 300_000), oneShot: false }, now);
    return key;
  }

  it.each([
    ['logout', (s: Awaited<ReturnType<typeof signIn>>) => new LogoutCommand(s.identity.userId, s.tokens.sessionId)],
    ['revocation', (s: Awaited<ReturnType<typeof signIn>>) => new RevokeSessionCommand(s.identity.userId, s.tokens.sessionId)],
  ])('ends them at %s, leaving the user’s other session elevated', async (_, end) => {
    const ending = await signIn();
    const other = await signIn();
    const [endingKey, otherKey] = [await elevated(ending), await elevated(other)];
    await auth.commands.execute(end(ending));
    expect(await elevations.find(endingKey, auth.clock.now())).toBeUndefined();
    expect(await elevations.find(otherKey, auth.clock.now())).toMatchObject({ sessionId: other.tokens.sessionId });
  });

  it('ends them when a spent refresh token is replayed (the family and its session are revoked)', async () => {
    const session = await signIn();
    const key = await elevated(session);
    await auth.commands.execute(new RefreshTokensCommand(session.tokens.refreshToken));
    await expect(auth.commands.execute(new RefreshTokensCommand(session.tokens.refreshToken))).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED' });
    expect(await elevations.find(key, auth.clock.now())).toBeUndefined();
  });
});
