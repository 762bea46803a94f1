import { UserAccount, UserAccountChanges, UserAccountRepository } from '../../ports/user-account-repository';
import { UsernameTakenError } from '../../ports/user-directory';

/** Keeps users in this process. For tests and single-instance demos; lost on restart. */
export class MemoryUserAccountRepository extends UserAccountRepository {
  private readonly byId = new Map<string, UserAccount>();

  async findByUsername(username: string): Promise<UserAccount | undefined> {
    const wanted = username.toLowerCase();
    for (const account of this.byId.values()) {
      if (account.username === wanted) return copyOf(account);
    }
    return undefined;
  }

  async findById(id: string): Promise<UserAccount | undefined> {
    const account = this.byId.get(id);
    return account && copyOf(account);
  }

  async list(query: { offset: number; limit: number; search?: string }): Promise<{ items: UserAccount[]; total: number }> {
    const needle = query.search?.toLowerCase();
    const matching = [...this.byId.values()]
      .filter((account) => !needle || account.username.includes(needle) || (account.email?.toLowerCase().includes(needle) ?? false))
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    return {
      items: matching.slice(query.offset, query.offset + query.limit).map(copyOf),
      total: matching.length,
    };
  }

  async insert(account: UserAccount): Promise<void> {
    const username = account.username.toLowerCase();
    for (const existing of this.byId.values()) {
      if (existing.username === username) throw new UsernameTakenError();
    }
    if (this.byId.has(account.id)) throw new Error(`A user with id ${account.id} already exists`);
    this.byId.set(account.id, copyOf({ ...account, username }));
  }

  // No await between the read and the write: each verb is atomic within the one event loop.
  async update(id: string, changes: UserAccountChanges): Promise<UserAccount | undefined> {
    const account = this.byId.get(id);
    if (!account) return undefined;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated = copyOf({ ...account, ...defined });
    this.byId.set(id, updated);
    return copyOf(updated);
  }

  async replacePasswordHash(id: string, expectedHash: string, newHash: string): Promise<boolean> {
    const account = this.byId.get(id);
    if (account?.passwordHash !== expectedHash) return false;
    this.byId.set(id, { ...account, passwordHash: newHash });
    return true;
  }

  async remove(id: string): Promise<void> {
    this.byId.delete(id);
  }
}

// Callers get their own copies: mutating a returned account must not change what is stored.
function copyOf(account: UserAccount): UserAccount {
  return {
    ...account,
    groups: [...account.groups],
    attributes: { ...account.attributes },
    createdAt: new Date(account.createdAt.getTime()),
  };
}
