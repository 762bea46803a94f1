import { DataSource, QueryFailedError, Repository } from 'typeorm';
import { UserAccount, UserAccountRepository } from '../../ports/user-account-repository';
import { UserAccountEntity } from './entities/user-account.entity';
import { containsPattern } from './like-pattern';

/** Users of the local identity provider in `stepgate_users`, on SQLite or PostgreSQL. */
export class TypeormUserAccountRepository extends UserAccountRepository {
  private readonly rows: Repository<UserAccountEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(UserAccountEntity);
  }

  async findByUsername(username: string): Promise<UserAccount | undefined> {
    const row = await this.rows.findOneBy({ username: username.toLowerCase() });
    return row ? toAccount(row) : undefined;
  }

  async findById(id: string): Promise<UserAccount | undefined> {
    const row = await this.rows.findOneBy({ id });
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
      if (isUniqueViolation(error)) throw new Error(`The username "${username}" is taken`, { cause: error });
      throw error;
    }
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

function toRow(account: UserAccount): UserAccountEntity {
  return Object.assign(new UserAccountEntity(), {
    id: account.id,
    username: account.username,
    email: account.email ?? null,
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
    passwordHash: row.passwordHash,
    groups: row.groups,
    attributes: row.attributes,
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}
