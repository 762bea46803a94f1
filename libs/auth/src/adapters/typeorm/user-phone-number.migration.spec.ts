import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptionsFromUrl } from './data-source-options';
import { STEPGATE_MIGRATIONS } from './schema';
import { TypeormUserAccountRepository } from './typeorm-user-account.repository';

// Threat: an upgrade that loses or locks out the users a deployment already has.
describe('the phone-number migration', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('upgrades a database made before users had phone numbers, keeping them and their password hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepgate-'));
    dirs.push(dir);
    const url = `sqlite:${join(dir, 'auth.sqlite')}`;
    const before = STEPGATE_MIGRATIONS.slice(0, STEPGATE_MIGRATIONS.findIndex((m) => m.name === 'AddUserPhoneNumber1732410000000'));
    const previous = await new DataSource({ ...dataSourceOptionsFromUrl(url), migrations: before }).initialize();
    await previous.query(
      `INSERT INTO stepgate_users (id, username, email, password_hash, groups, attributes, enabled, created_at)
       VALUES ('u1', 'olga', NULL, '$argon2id$old', '["staff"]', '{"department":"it"}', 1, 1767254400000)`,
    );
    await previous.destroy();

    const upgraded = await new DataSource(dataSourceOptionsFromUrl(url)).initialize();
    try {
      const users = new TypeormUserAccountRepository(upgraded);
      const olga = await users.findById('u1');
      expect(olga).toEqual({ id: 'u1', username: 'olga', passwordHash: '$argon2id$old', groups: ['staff'], attributes: { department: 'it' }, enabled: true, createdAt: new Date(1767254400000) });
      expect(olga?.phoneNumber).toBeUndefined();
      await users.insert({ ...olga!, id: 'u2', username: 'pia', phoneNumber: '+15550100009' });
      expect((await users.findById('u2'))?.phoneNumber).toBe('+15550100009');
    } finally {
      await upgraded.destroy();
    }
  });
});
