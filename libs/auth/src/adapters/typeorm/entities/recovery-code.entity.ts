import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { epochMillis } from '../epoch-millis.transformer';

/**
 * A row of `stepgate_recovery_codes`: one per code, holding its HMAC only, so spending a code is a
 * conditional UPDATE of its own row. The unique key leads with `user_id` and serves the per-user
 * queries as well. The migration creates the same schema; a spec checks they agree.
 */
@Entity({ name: 'stepgate_recovery_codes' })
@Unique('UQ_stepgate_recovery_codes_user_id_code_digest', ['userId', 'codeDigest'])
export class RecoveryCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ name: 'code_digest', type: 'varchar', length: 128 })
  codeDigest: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'used_at', type: 'bigint', nullable: true, transformer: epochMillis })
  usedAt: Date | null;
}
