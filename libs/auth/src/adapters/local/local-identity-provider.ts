import type { Identity } from '../../domain/identity';
import { normalizeUsername } from '../../domain/username';
import { IdentityProvider } from '../../ports/identity-provider';
import type { UserAccount, UserAccountRepository } from '../../ports/user-account-repository';
import type { Argon2PasswordHasher } from './argon2-password-hasher';

/** Checks passwords against the app's own user table. */
export class LocalIdentityProvider extends IdentityProvider {
  constructor(
    private readonly accounts: UserAccountRepository,
    private readonly hasher: Argon2PasswordHasher,
  ) {
    super();
  }

  async authenticate(username: string, password: string): Promise<Identity | undefined> {
    const account = await this.accounts.findByUsername(normalizeUsername(username));
    if (!account) return this.hasher.verifyNobody(password).then(() => undefined);
    const matches = await this.hasher.verify(account.passwordHash, password);
    // A disabled account is checked after the hash so it answers in the same time as a wrong password.
    return matches && account.enabled ? identityOf(account) : undefined;
  }
}

export function identityOf(account: UserAccount): Identity {
  return {
    userId: account.id,
    username: account.username,
    email: account.email,
    groups: account.groups,
    attributes: account.attributes,
  };
}
