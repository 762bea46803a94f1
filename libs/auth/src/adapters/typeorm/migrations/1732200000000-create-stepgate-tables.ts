import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex, TableUnique } from 'typeorm';

// Written with TypeORM's Table API rather than SQL so one migration serves SQLite and PostgreSQL.
// Times are epoch milliseconds in bigint columns (see epoch-millis.transformer.ts).
const epochMillis = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/** Creates the users, sessions and refresh-token tables that the TypeORM adapters use. */
export class CreateStepgateTables1732200000000 implements MigrationInterface {
  name = 'CreateStepgateTables1732200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_users',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('username', 255),
          varchar('email', 320, true),
          varchar('password_hash', 255),
          { name: 'groups', type: 'text' },
          { name: 'attributes', type: 'text' },
          { name: 'enabled', type: 'boolean' },
          epochMillis('created_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_stepgate_users_username', columnNames: ['username'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_sessions',
        columns: [
          { ...varchar('id', 64), isPrimary: true },
          varchar('user_id', 255),
          varchar('mode', 16),
          varchar('status', 16),
          { name: 'methods', type: 'text' },
          epochMillis('auth_time', true),
          epochMillis('created_at'),
          epochMillis('last_used_at'),
          epochMillis('expires_at'),
          epochMillis('revoked_at', true),
          varchar('ip', 64, true),
          { name: 'user_agent', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'IDX_stepgate_sessions_user_id', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_refresh_tokens',
        columns: [
          { ...varchar('hash', 64), isPrimary: true },
          varchar('session_id', 64),
          varchar('user_id', 255),
          { name: 'generation', type: 'integer' },
          epochMillis('issued_at'),
          epochMillis('expires_at'),
          epochMillis('spent_at', true),
          epochMillis('revoked_at', true),
        ],
        indices: [new TableIndex({ name: 'IDX_stepgate_refresh_tokens_session_id', columnNames: ['session_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stepgate_refresh_tokens');
    await queryRunner.dropTable('stepgate_sessions');
    await queryRunner.dropTable('stepgate_users');
  }
}
