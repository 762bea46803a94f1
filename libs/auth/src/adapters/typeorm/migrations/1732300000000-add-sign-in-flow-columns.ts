import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

// JSON arrays in text columns, as `simple-json` maps them on every driver. The default fills the
// rows that exist already: sessions made before flows were recorded completed no named steps.
const stepList = (name: string) => new TableColumn({ name, type: 'text', isNullable: false, default: "'[]'" });

/** Records which sign-in steps a session has completed and which it may take next. */
export class AddSignInFlowColumns1732300000000 implements MigrationInterface {
  name = 'AddSignInFlowColumns1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('stepgate_sessions', [stepList('completed_steps'), stepList('next_steps')]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('stepgate_sessions', ['next_steps', 'completed_steps']);
  }
}
