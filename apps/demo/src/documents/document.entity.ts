import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/**
 * Epoch milliseconds in a bigint column, as the library's tables keep time: SQLite and PostgreSQL
 * disagree on timestamp types, an integer means the same on both. PostgreSQL hands bigint back as a
 * string.
 */
const epochMillis: ValueTransformer = {
  to: (value: Date | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number) => new Date(Number(value)),
};

/**
 * A row of `demo_documents`, the demo's own business table (the library ships none). The indexes
 * serve the list query: a member's filter is `owner_id = ? OR department = ?`, and every page is
 * ordered by `created_at, id`, which an admin's unfiltered list reads straight off the third index.
 * The migration creates the same schema; the suites check they agree.
 */
@Entity({ name: 'demo_documents' })
@Index('IDX_demo_documents_created_at_id', ['createdAt', 'id'])
export class DocumentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Index('IDX_demo_documents_owner_id')
  @Column({ name: 'owner_id', type: 'varchar', length: 255 })
  ownerId: string;

  // Null for a caller without a department: such a document is read by its owner and admins only.
  @Index('IDX_demo_documents_department')
  @Column({ type: 'varchar', length: 255, nullable: true })
  department: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
