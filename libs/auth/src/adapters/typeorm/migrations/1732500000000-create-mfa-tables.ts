import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableUnique } from 'typeorm';

// The Table API, as in the first migration, so one migration serves SQLite and PostgreSQL. Times
// are epoch milliseconds in bigint columns (see epoch-millis.transformer.ts).
const bigint = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const varchar = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: false });

/**
 * Creates the tables of TOTP enrolments, of TOTP setups waiting for their first code, and of
 * recovery codes. `user_id` has no foreign key to `stepgate_users`: with an app's own identity
 * provider (`identity`) the users live elsewhere, so the application removes a user's enrolment,
 * pending setup and codes through the repositories, not a cascade.
 */
export class CreateMfaTables1732500000000 implements MigrationInterface {
  name = 'CreateMfaTables1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_totp_enrollments',
        columns: [
          { ...varchar('user_id', 255), isPrimary: true },
          varchar('secret_key_id', 64),
          { name: 'secret_ciphertext', type: 'text' },
          bigint('last_time_step'),
          bigint('enabled_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_recovery_codes',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('user_id', 255),
          varchar('code_digest', 128),
          bigint('created_at'),
          bigint('used_at', true),
        ],
        uniques: [new TableUnique({ name: 'UQ_stepgate_recovery_codes_user_id_code_digest', columnNames: ['user_id', 'code_digest'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'stepgate_totp_pending_setups',
        columns: [
          { ...varchar('user_id', 255), isPrimary: true },
          varchar('secret_key_id', 64),
          { name: 'secret_ciphertext', type: 'text' },
          bigint('expires_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('stepgate_totp_pending_setups');
    await queryRunner.dropTable('stepgate_recovery_codes');
    await queryRunner.dropTable('stepgate_totp_enrollments');
  }
}
