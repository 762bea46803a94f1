import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { SessionRevokedEvent } from '../../domain/events/session-revoked.event';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { AuthenticateAccessTokenQuery } from '../tokens/authenticate-access-token.query';
import { RefreshTokensCommand } from '../tokens/refresh-tokens.command';
import { CreateUserCommand } from './create-user.command';
import { UpdateUserCommand, UserUpdate } from './update-user.command';

describe('UpdateUserCommand', () => {
  let auth: AuthTestingModule;
  let userId: string;
  beforeEach(async () => {
    auth = await createAuthTestingModule({ allowStatelessSignIns: true });
    ({ userId } = await auth.commands.execute(new CreateUserCommand('hana', 'hana-first-passphrase', { groups: ['staff'], attributes: { department: 'sales' } })));
  });
  afterEach(() => auth.close());

  const update = (changes: UserUpdate, id = userId) => auth.commands.execute(new UpdateUserCommand(id, changes));
  const signIn = (password = 'hana-first-passphrase') => auth.commands.execute(new AuthenticateWithCredentialsCommand('hana', password)).then(completed);
  const accessWorks = (token: string) => auth.queries.execute(new AuthenticateAccessTokenQuery(token)).then(() => true, (error: { code: string }) => error.code);
  const refresh = (token: string) => auth.commands.execute(new RefreshTokensCommand(token));

  it('replaces groups and attributes, and the next refreshed token carries them, with the session kept', async () => {
    const session = await signIn();

    const updated = await update({ groups: ['staff', 'editor'], attributes: { department: 'research' } });

    expect(updated).toMatchObject({ userId, username: 'hana', groups: ['staff', 'editor'], attributes: { department: 'research' }, enabled: true });
    expect(await accessWorks(session.tokens.accessToken)).toBe(true);
    expect((await refresh(session.tokens.refreshToken)).identity.groups).toEqual(['staff', 'editor']);
  });

  it('disabling ends every session at once and refuses sign-in; enabling again lets the user back in', async () => {
    const stateful = await signIn();
    const stateless = await auth.commands.execute(new AuthenticateWithCredentialsCommand('hana', 'hana-first-passphrase', { trackSession: false })).then(completed);

    expect((await update({ enabled: false })).enabled).toBe(false);

    expect(await accessWorks(stateful.tokens.accessToken)).toBe('SESSION_REVOKED');
    await expect(refresh(stateful.tokens.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    await expect(refresh(stateless.tokens.refreshToken)).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    await expect(signIn()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(auth.events.filter((event) => event instanceof SessionRevokedEvent)).toHaveLength(2);

    await update({ enabled: true });
    expect((await signIn()).identity.userId).toBe(userId);
  });

  it('a new password ends every session; the old password is refused and the new one works', async () => {
    const session = await signIn();

    await update({ password: 'hana-second-passphrase' });

    expect(await accessWorks(session.tokens.accessToken)).toBe('SESSION_REVOKED');
    await expect(signIn()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await signIn('hana-second-passphrase')).identity.userId).toBe(userId);
  });

  it('refuses a weak password naming the password field, and applies none of the other changes', async () => {
    const session = await signIn();

    await expect(update({ password: 'short', groups: ['admin'], enabled: false })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password' }] });

    expect(await auth.directory.findById(userId)).toMatchObject({ groups: ['staff'], enabled: true });
    expect(await accessWorks(session.tokens.accessToken)).toBe(true);
    expect((await signIn()).identity.userId).toBe(userId);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    await expect(update({ enabled: false }, '0b7a4c55-8d6e-4f0a-9d0e-2f5c7d1e9a11')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
