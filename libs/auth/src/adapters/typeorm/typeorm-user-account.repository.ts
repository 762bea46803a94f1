import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { UserAccount, UserAccountChanges, UserAccountRepository } from '../../ports/user-account-repository';
import { UsernameTakenError } from '../../ports/user-directory';
import { UserAccountEntity } from './entities/user-account.entity';
import { LeanRows } from './lean-rows';
import { containsPattern } from './like-pattern';

/** Users of the local identity provider in `stepgate_users`, on SQLite or PostgreSQL. */
export class TypeormUserAccountRepository extends UserAccountRepository {
  private readonly rows: Repository<UserAccountEntity>;
  private readonly lean: LeanRows<UserAccountEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(UserAccountEntity);
    this.lean = new LeanRows(this.rows);
  }

  async findByUsername(username: string): Promise<UserAccount | undefined> {
    const row = await this.lean.findOneBy('username', username.toLowerCase());
    return row ? toAccount(row) : undefined;
  }

  async findById(id: string): Promise<UserAccount | undefined> {
    const row = await this.lean.findOneBy('id', id);
    return row ? toAccount(row) : undefined;
  }

  async list(query: { offset: number; limit: number; search?: string }): Promise<{ items: UserAccount[]; total: number }> {
    const builder = this.rows.createQueryBuilder('user');
    if (query.search) {
      builder.where("(lower(user.username) LIKE :pattern ESCAPE '\\' OR lower(user.email) LIKE :pattern ESCAPE '\\')", {
        pattern: containsPattern(query.search.toLowerCase()),
      });
    }
    const [rows, total] = await builder.orderBy('user.username', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items: rows.map(toAccount), total };
  }

  async insert(account: UserAccount): Promise<void> {
    const username = account.username.toLowerCase();
    try {
      await this.rows.insert(toRow({ ...account, username }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new UsernameTakenError();
      throw error;
    }
  }

  async update(id: string, changes: UserAccountChanges): Promise<UserAccount | undefined> {
    const set = columnsOf(changes);
    if (Object.keys(set).length > 0) {
      const { affected } = await this.rows.update({ id }, set);
      if (affected === 0) return undefined;
    }
    return this.findById(id);
  }

  // One UPDATE ... WHERE password_hash = :expected: the database decides which of two racing changes wins.
  async replacePasswordHash(id: string, expectedHash: string, newHash: string): Promise<boolean> {
    const { affected } = await this.rows.update({ id, passwordHash: expectedHash }, { passwordHash: newHash });
    return affected === 1;
  }

  async remove(id: string): Promise<void> {
    await this.rows.delete({ id });
  }
}

// Only the username's constraint: a clashing id is a different fault and must not read as "taken".
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string };
  if (driverError.constraint === 'UQ_stepgate_users_username') return true;
  return driverError.code === 'SQLITE_CONSTRAINT_UNIQUE' && /stepgate_users\.username/.test(driverError.message ?? '');
}

function columnsOf(changes: UserAccountChanges): Partial<UserAccountEntity> {
  return {
    ...(changes.groups === undefined ? {} : { groups: [...changes.groups] }),
    ...(changes.attributes === undefined ? {} : { attributes: { ...changes.attributes } }),
    ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
    ...(changes.passwordHash === undefined ? {} : { passwordHash: changes.passwordHash }),
  };
}

function toRow(account: UserAccount): UserAccountEntity {
  return Object.assign(new UserAccountEntity(), {
    id: account.id,
    username: account.username,
    email: account.email ?? null,
    phoneNumber: account.phoneNumber ?? null,
    passwordHash: account.passwordHash,
    groups: [...account.groups],
    attributes: { ...account.attributes },
    enabled: account.enabled,
    createdAt: account.createdAt,
  });
}

function toAccount(row: UserAccountEntity): UserAccount {
  return {
    id: row.id,
    username: row.username,
    ...(row.email === null ? {} : { email: row.email }),
    ...(row.phoneNumber === null ? {} : { phoneNumber: row.phoneNumber }),
    passwordHash: row.passwordHash,
    groups: row.groups,
    attributes: row.attributes,
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}
