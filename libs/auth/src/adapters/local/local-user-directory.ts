import { randomUUID } from 'node:crypto';
import { DirectoryUser, NewUser, PasswordChangeOutcome, UserChanges, UserDirectory, UserPage, UserQuery } from '../../ports/user-directory';
import type { UserAccount, UserAccountRepository } from '../../ports/user-account-repository';
import type { Clock } from '../../ports/clock';
import { acceptNewUsername, normalizeUsername } from '../../domain/username';
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

  async findByUsername(username: string): Promise<DirectoryUser | undefined> {
    const account = await this.accounts.findByUsername(normalizeUsername(username));
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
      // Apps may call the directory directly, not only through CreateUserCommand.
      username: acceptNewUsername(user.username),
      ...(user.email === undefined ? {} : { email: user.email }),
      ...(user.phoneNumber === undefined ? {} : { phoneNumber: user.phoneNumber }),
      passwordHash: await this.hasher.hash(user.password),
      groups: [...(user.groups ?? [])],
      attributes: { ...(user.attributes ?? {}) },
      enabled: true,
      createdAt: this.clock.now(),
    };
    await this.accounts.insert(account);
    return directoryUserOf(account);
  }

  async update(userId: string, changes: UserChanges): Promise<DirectoryUser | undefined> {
    const { password, ...rest } = changes;
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);
    const account = await this.accounts.update(userId, { ...rest, ...(passwordHash === undefined ? {} : { passwordHash }) });
    return account && directoryUserOf(account);
  }

  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeOutcome> {
    const account = await this.accounts.findById(userId);
    if (!account) {
      await this.hasher.verifyNobody(currentPassword);
      return 'not_found';
    }
    if (!(await this.hasher.verify(account.passwordHash, currentPassword))) return 'wrong_password';
    // Conditional on the hash just verified: a change that raced this one and won has made the
    // given current password stale, and it must not overwrite the winner.
    const replaced = await this.accounts.replacePasswordHash(userId, account.passwordHash, await this.hasher.hash(newPassword));
    return replaced ? 'changed' : 'wrong_password';
  }

  remove(userId: string): Promise<void> {
    return this.accounts.remove(userId);
  }
}

function directoryUserOf(account: UserAccount): DirectoryUser {
  return {
    ...identityOf(account),
    ...(account.phoneNumber === undefined ? {} : { phoneNumber: account.phoneNumber }),
    enabled: account.enabled,
  };
}
