import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Gives users a phone number (E.164), where SMS one-time codes go. Nullable, so the users that exist
 * already need no value.
 */
export class AddUserPhoneNumber1732410000000 implements MigrationInterface {
  name = 'AddUserPhoneNumber1732410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('stepgate_users', new TableColumn({ name: 'phone_number', type: 'varchar', length: '32', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('stepgate_users', 'phone_number');
  }
}
