import { afterEach, describe, expect, it } from 'vitest';
import { AuthTestingModule, createAuthTestingModule } from '../../testing/auth-testing-module';
import { WeakPasswordError } from '../../domain/password-policy';
import { CreateUserCommand } from './create-user.command';

// The `passwordPolicy` option of forRoot reaches every command that sets a password.
describe('the passwordPolicy option', () => {
  let auth: AuthTestingModule | undefined;
  afterEach(() => auth?.close());

  const create = (password: string) => auth!.commands.execute(new CreateUserCommand('dora', password));

  it('refuses a password under the configured minimum that the default would accept', async () => {
    auth = await createAuthTestingModule({ passwordPolicy: { minLength: 16 } });

    await expect(create('plum at dawn')).rejects.toBeInstanceOf(WeakPasswordError);
    await expect(create('plum tree at the dawn')).resolves.toMatchObject({ username: 'dora' });
  });

  it('accepts the same password with the default minimum of 8', async () => {
    auth = await createAuthTestingModule();

    await expect(create('plum at dawn')).resolves.toMatchObject({ username: 'dora' });
  });

  it('fails at start-up on a minimum under NIST 800-63B’s 8', async () => {
    await expect(createAuthTestingModule({ passwordPolicy: { minLength: 6 } })).rejects.toThrow(/minLength must be an integer of at least 8/);
  });
});
