import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../bigint-number.transformer';
import { epochMillis } from '../epoch-millis.transformer';

/**
 * A row of `stepgate_totp_enrollments`: one confirmed enrolment per user, its secret sealed (never
 * the secret itself). The migration creates the same schema; a spec checks they agree.
 */
@Entity({ name: 'stepgate_totp_enrollments' })
export class TotpEnrollmentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ name: 'secret_key_id', type: 'varchar', length: 64 })
  secretKeyId: string;

  // text: the sealed length follows the secret's, which the authenticator chooses.
  @Column({ name: 'secret_ciphertext', type: 'text' })
  secretCiphertext: string;

  // bigint: RFC 6238 section 4.2 requires time values beyond 32 bits.
  @Column({ name: 'last_time_step', type: 'bigint', transformer: bigintNumber })
  lastTimeStep: number;

  @Column({ name: 'enabled_at', type: 'bigint', transformer: epochMillis })
  enabledAt: Date;
}
