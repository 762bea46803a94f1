import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Creates `demo_documents` (see document.entity.ts) with TypeORM's Table API, so the one migration
 * serves SQLite and PostgreSQL. It runs after the library's own migrations, in the same data source.
 * A table already there is kept: whoever empties the database for the library's tables (their
 * test suites drop them and the `migrations` records) leaves this one, and the demo must start.
 */
export class CreateDemoDocuments1796342400000 implements MigrationInterface {
  name = 'CreateDemoDocuments1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The entity's `uuid` as this database spells it: PostgreSQL's own type, SQLite's varchar.
    const uuid = queryRunner.connection.driver.normalizeType({ type: 'uuid' });
    await queryRunner.createTable(
      new Table({
        name: 'demo_documents',
        columns: [
          { name: 'id', type: uuid, isPrimary: true },
          { name: 'title', type: 'varchar', length: '200', isNullable: false },
          { name: 'owner_id', type: 'varchar', length: '255', isNullable: false },
          { name: 'department', type: 'varchar', length: '255', isNullable: true },
          { name: 'created_at', type: 'bigint', isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'IDX_demo_documents_owner_id', columnNames: ['owner_id'] }),
          new TableIndex({ name: 'IDX_demo_documents_department', columnNames: ['department'] }),
          new TableIndex({ name: 'IDX_demo_documents_created_at_id', columnNames: ['created_at', 'id'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('demo_documents');
  }
}
