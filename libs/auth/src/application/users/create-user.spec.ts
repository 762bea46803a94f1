import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, completed, createAuthTestingModule } from '../../testing/auth-testing-module';
import { AuthenticateWithCredentialsCommand } from '../sign-in/authenticate-with-credentials.command';
import { ListUsersQuery } from './list-users.query';
import { CreateUserCommand } from './create-user.command';

describe('CreateUserCommand', () => {
  let auth: AuthTestingModule;
  beforeEach(async () => {
    auth = await createAuthTestingModule();
  });
  afterEach(() => auth.close());

  const create = (username: string, password: string, details = {}) => auth.commands.execute(new CreateUserCommand(username, password, details));
  const signIn = (username: string, password: string) => auth.commands.execute(new AuthenticateWithCredentialsCommand(username, password)).then(completed);
  const usernames = async () => (await auth.queries.execute(new ListUsersQuery(1, 100))).items.map((user) => user.username);

  it('creates an enabled user with every given field, who can then sign in', async () => {
    const user = await create('Dora', 'plum tree at dawn', {
      email: 'dora@example.com',
      phoneNumber: '+15550100007',
      groups: ['staff'],
      attributes: { department: 'sales' },
    });

    expect(user).toEqual({
      userId: expect.any(String),
      username: 'dora',
      email: 'dora@example.com',
      phoneNumber: '+15550100007',
      groups: ['staff'],
      attributes: { department: 'sales' },
      enabled: true,
    });
    expect(await auth.directory.findById(user.userId)).toEqual(user);
    expect((await signIn('dora', 'plum tree at dawn')).identity).toMatchObject({ userId: user.userId, groups: ['staff'] });
  });

  it('stores the username NFKC-normalised and lower-cased, so a fullwidth twin is refused as taken', async () => {
    const user = await create('ＤＯＲＡ', 'plum tree at dawn');
    expect(user.username).toBe('dora');

    await expect(create('Dora', 'another long secret')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'username', message: 'This username is taken.' }],
    });
    expect(await usernames()).toEqual(['dora']);
  });

  it.each([
    ['too short', 'seven77'],
    ['common', 'Password1'],
    ['the username itself', 'Dora-the-user'],
  ])('refuses a password that is %s, naming the password field, and creates nobody', async (_, password) => {
    await expect(create('dora-the-user', password)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'password' }] });
    expect(await usernames()).toEqual([]);
  });

  it('accepts a 64-character passphrase and the same password typed in fullwidth letters signs in', async () => {
    const long = 'correct horse battery staple and a few more words to reach 64chr';
    expect([...long].length).toBe(64);
    await create('eve', long);
    await create('fay', 'ｆｕｌｌｗｉｄｔｈ-ｓｅｃｒｅｔ');

    expect((await signIn('eve', long)).identity.username).toBe('eve');
    expect((await signIn('fay', 'fullwidth-secret')).identity.username).toBe('fay');
    expect((await signIn('fay', 'ｆｕｌｌｗｉｄｔｈ-ｓｅｃｒｅｔ')).identity.username).toBe('fay');
  });

  it.each([
    ['username', ['has space', 'plum tree at dawn', {}]],
    ['username', ['', 'plum tree at dawn', {}]],
    ['phone_number', ['gus', 'plum tree at dawn', { phoneNumber: '555-0100' }]],
    ['email', ['gus', 'plum tree at dawn', { email: 'not an email' }]],
  ] as const)('refuses an invalid %s sent on the bus', async (field, [username, password, details]) => {
    await expect(create(username, password, details)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
    expect(await usernames()).toEqual([]);
  });
});
