import { DataSource, Repository } from 'typeorm';
import { AuthSession } from '../../domain/auth-session';
import { SessionRepository } from '../../ports/session-repository';
import { SessionEntity } from './entities/session.entity';
import { LeanRows } from './lean-rows';

/** `AuthSession` aggregates in `stepgate_sessions`, on SQLite or PostgreSQL. */
export class TypeormSessionRepository extends SessionRepository {
  private readonly rows: Repository<SessionEntity>;
  private readonly lean: LeanRows<SessionEntity>;

  constructor(dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(SessionEntity);
    this.lean = new LeanRows(this.rows);
  }

  // An upsert in one statement: a select-then-insert could race a concurrent save of the same id.
  async save(session: AuthSession): Promise<void> {
    await this.lean.upsert(toRow(session), 'id');
  }

  async findById(id: string): Promise<AuthSession | undefined> {
    const row = await this.lean.findOneBy('id', id);
    return row ? toSession(row) : undefined;
  }

  async listActive(userId: string, now: Date): Promise<AuthSession[]> {
    const rows = await this.rows
      .createQueryBuilder('session')
      .where('session.user_id = :userId', { userId })
      .andWhere("session.status = 'active'")
      .andWhere('session.expires_at > :now', { now: now.getTime() })
      .orderBy('session.created_at', 'DESC')
      .getMany();
    // The domain has the last word on what "active" means; the query only narrows the rows.
    return rows.map(toSession).filter((session) => session.isActiveAt(now));
  }

  /**
   * Conditional UPDATEs: the WHERE is the check, so a revocation committed first makes it match
   * nothing. On PostgreSQL a concurrent UPDATE of the row waits for the other to commit and then
   * re-checks the WHERE (READ COMMITTED); better-sqlite3 runs one statement at a time.
   */
  async touch(id: string, now: Date, expiresAt: Date): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: now, expiresAt })
      .where("id = :id AND status = 'active' AND expires_at > :now", { id, now: now.getTime() })
      .execute();
    return result.affected === 1;
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ status: 'revoked', revokedAt: now })
      .where("id = :id AND status <> 'revoked'", { id })
      .execute();
    return result.affected === 1;
  }
}

function toRow(session: AuthSession): SessionEntity {
  const state = session.toState();
  return Object.assign(new SessionEntity(), {
    id: state.id,
    userId: state.userId,
    mode: state.mode,
    status: state.status,
    methods: [...state.methods],
    completedSteps: [...state.completedSteps],
    nextSteps: [...state.nextSteps],
    authTime: state.authTime ?? null,
    createdAt: state.createdAt,
    lastUsedAt: state.lastUsedAt,
    expiresAt: state.expiresAt,
    revokedAt: state.revokedAt ?? null,
    ip: state.ip ?? null,
    userAgent: state.userAgent ?? null,
  });
}

function toSession(row: SessionEntity): AuthSession {
  return AuthSession.fromState({
    id: row.id,
    userId: row.userId,
    mode: row.mode,
    status: row.status,
    methods: row.methods,
    completedSteps: row.completedSteps,
    nextSteps: row.nextSteps,
    ...(row.authTime ? { authTime: row.authTime } : {}),
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}),
    ...(row.ip === null ? {} : { ip: row.ip }),
    ...(row.userAgent === null ? {} : { userAgent: row.userAgent }),
  });
}
