import { randomUUID } from 'node:crypto';
import { DirectoryUser, NewUser, UserDirectory, UserPage, UserQuery } from '../../ports/user-directory';
import type { UserAccount, UserAccountRepository } from '../../ports/user-account-repository';
import type { Clock } from '../../ports/clock';
import type { Argon2PasswordHasher } from './argon2-password-hasher';
import { identityOf } from './local-identity-provider';

/** The local provider's users, read and managed through the `UserDirectory` port. */
export class LocalUserDirectory extends UserDirectory {
  constructor(
    private readonly accounts: UserAccountRepository,
    private readonly hasher: Argon2PasswordHasher,
    private readonly clock: Clock,
  ) {
    super();
  }

  async findById(userId: string): Promise<DirectoryUser | undefined> {
    const account = await this.accounts.findById(userId);
    return account && directoryUserOf(account);
  }

  async list(query: UserQuery): Promise<UserPage> {
    const { items, total } = await this.accounts.list({
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
      search: query.search,
    });
    return { items: items.map(directoryUserOf), total };
  }

  async create(user: NewUser): Promise<DirectoryUser> {
    const account: UserAccount = {
      id: randomUUID(),
      username: user.username.toLowerCase(),
      email: user.email,
      passwordHash: await this.hasher.hash(user.password),
      groups: [...(user.groups ?? [])],
      attributes: { ...(user.attributes ?? {}) },
      enabled: true,
      createdAt: this.clock.now(),
    };
    await this.accounts.insert(account);
    return directoryUserOf(account);
  }

  remove(userId: string): Promise<void> {
    return this.accounts.remove(userId);
  }
}

function directoryUserOf(account: UserAccount): DirectoryUser {
  return { ...identityOf(account), enabled: account.enabled };
}
