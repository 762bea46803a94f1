// Threat: a hand-written read or write that drifts from what TypeORM itself stores and returns (a
// boolean read back as 0, a JSON column as text, a date as a string, a null lost), so a disabled
// user reads as enabled or a session's expiry as no expiry. LeanRows must round-trip every column
// type the entities use exactly as `findOneBy` does.
import { DataSource, Repository } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataSourceOptionsFromUrl } from './data-source-options';
import { SessionEntity } from './entities/session.entity';
import { UserAccountEntity } from './entities/user-account.entity';
import { LeanRows } from './lean-rows';

const user = (changes: Partial<UserAccountEntity> = {}): UserAccountEntity =>
  Object.assign(new UserAccountEntity(), {
    id: 'u-1',
    username: 'ann',
    email: null,
    phoneNumber: null,
    passwordHash: '$argon2id$hash',
    groups: ['staff', 'audit'],
    attributes: { department: 'research' },
    enabled: false,
    createdAt: new Date(1_700_000_000_123),
    ...changes,
  });

describe('LeanRows on SQLite', () => {
  let dataSource: DataSource;
  let users: Repository<UserAccountEntity>;
  beforeEach(async () => {
    dataSource = await new DataSource(dataSourceOptionsFromUrl('sqlite::memory:')).initialize();
    users = dataSource.getRepository(UserAccountEntity);
  });
  afterEach(() => dataSource.destroy());

  it("reads a row exactly as TypeORM's findOneBy does: booleans, JSON columns, dates and nulls", async () => {
    await users.insert(user());
    const lean = await new LeanRows(users).findOneBy('username', 'ann');
    expect(lean).toEqual(await users.findOneBy({ username: 'ann' }));
    expect(lean).toBeInstanceOf(UserAccountEntity);
    expect(lean?.enabled).toBe(false);
    expect(lean?.createdAt).toEqual(new Date(1_700_000_000_123));
  });

  it('writes a row that TypeORM reads back as it was given, and finds nothing for another key', async () => {
    const rows = new LeanRows(users);
    await rows.insert(user({ enabled: true, email: 'ann@example.com' }));
    expect(await users.findOneBy({ id: 'u-1' })).toEqual(user({ enabled: true, email: 'ann@example.com' }));
    expect(await rows.findOneBy('id', 'u-2')).toBeUndefined();
  });

  it('upserts: a second write of the same key replaces every other column, including back to null', async () => {
    const sessions = new LeanRows(dataSource.getRepository(SessionEntity));
    const session = (changes: Partial<SessionEntity>) =>
      Object.assign(new SessionEntity(), {
        id: 's-1', userId: 'u-1', mode: 'stateful', status: 'active', methods: ['pwd'], completedSteps: ['username-password'], nextSteps: [],
        authTime: new Date(1000), createdAt: new Date(1000), lastUsedAt: new Date(1000), expiresAt: new Date(9000), revokedAt: null, ip: '203.0.113.7', userAgent: null,
        ...changes,
      });
    await sessions.upsert(session({}), 'id');
    await sessions.upsert(session({ status: 'revoked', revokedAt: new Date(2000), ip: null }), 'id');
    expect(await sessions.findOneBy('id', 's-1')).toEqual(session({ status: 'revoked', revokedAt: new Date(2000), ip: null }));
    expect(await dataSource.getRepository(SessionEntity).count()).toBe(1);
  });
});
