import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../epoch-millis.transformer';

/**
 * A row of `stepgate_totp_pending_setups`: one begun setup per user, its secret sealed, waiting for
 * the first code. Kept apart from the enrolment so beginning a setup leaves a working one in place.
 * The migration creates the same schema; a spec checks they agree.
 */
@Entity({ name: 'stepgate_totp_pending_setups' })
export class TotpPendingSetupEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ name: 'secret_key_id', type: 'varchar', length: 64 })
  secretKeyId: string;

  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: Date;
}
