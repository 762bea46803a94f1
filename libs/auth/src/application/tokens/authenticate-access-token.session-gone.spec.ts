// Threat: a stateful access token that outlives the row of its session. A retention job, a manual
// clean-up or a restored backup can remove a session outright instead of revoking it; its tokens
// must then be refused like a revoked session's, not trusted because nothing says "revoked".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemorySessionRepository } from '../../adapters/memory/memory-session.repository';
import type { AuthSession } from '../../domain/auth-session';
import { SessionRevokedError } from '../../domain/auth-error';
import { memoryPersistence } from '../../persistence';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AuthenticateAccessTokenQuery } from './authenticate-access-token.query';

/** A session store from which rows can disappear, as they do from a real table. */
class PurgeableSessionRepository extends MemorySessionRepository {
  private readonly purged = new Set<string>();

  purge(id: string): void {
    this.purged.add(id);
  }

  override async findById(id: string): Promise<AuthSession | undefined> {
    return this.purged.has(id) ? undefined : super.findById(id);
  }
}

describe('AuthenticateAccessToken: a stateful token whose session row is gone', () => {
  let auth: AuthTestingModule;
  let sessions: PurgeableSessionRepository;
  beforeEach(async () => {
    sessions = new PurgeableSessionRepository();
    auth = await createAuthTestingModule({ persistence: { ...memoryPersistence(), sessions }, accessTokenTtlSeconds: 60, sessionCheckStalenessMs: 5000 });
    await auth.directory.create({ username: 'ann', password: 'pw-of-ann' });
  });
  afterEach(() => auth.close());

  const signIn = () => auth.commands.execute(new AuthenticateWithCredentialsCommand('ann', 'pw-of-ann')).then(completed);
  const authenticate = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token));

  it('refuses the token with SESSION_REVOKED when the row is gone before its first use', async () => {
    const { tokens } = await signIn();
    sessions.purge(tokens.sessionId);
    const refusal = authenticate(tokens.accessToken);
    await expect(refusal).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(refusal).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('refuses it once the staleness bound has passed when the row goes after a successful check', async () => {
    const { tokens } = await signIn();
    await expect(authenticate(tokens.accessToken)).resolves.toMatchObject({ sessionId: tokens.sessionId });
    sessions.purge(tokens.sessionId);
    auth.clock.advance(6);
    await expect(authenticate(tokens.accessToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
  });
});
