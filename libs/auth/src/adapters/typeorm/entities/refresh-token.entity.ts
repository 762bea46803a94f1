import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../epoch-millis.transformer';

/** A row of `stepgate_refresh_tokens`. Holds the token's hash only, never the token. */
@Entity({ name: 'stepgate_refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Index('IDX_stepgate_refresh_tokens_session_id')
  @Column({ name: 'session_id', type: 'varchar', length: 64 })
  sessionId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ type: 'integer' })
  generation: number;

  @Column({ name: 'issued_at', type: 'bigint', transformer: epochMillis })
  issuedAt: Date;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: Date;

  @Column({ name: 'spent_at', type: 'bigint', nullable: true, transformer: epochMillis })
  spentAt: Date | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMillis })
  revokedAt: Date | null;
}
