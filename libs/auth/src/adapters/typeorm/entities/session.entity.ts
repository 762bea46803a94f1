import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuthenticationMethod } from '../../../domain/authentication-method';
import type { SessionStatus } from '../../../domain/auth-session';
import type { SessionMode } from '../../../domain/session-mode';
import { epochMillis } from '../epoch-millis.transformer';

/** A row of `stepgate_sessions`. The migration creates the same schema; a spec checks they agree. */
@Entity({ name: 'stepgate_sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index('IDX_stepgate_sessions_user_id')
  @Column({ name: 'user_id', type: 'varchar', length: 255 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  mode: SessionMode;

  @Column({ type: 'varchar', length: 16 })
  status: SessionStatus;

  @Column({ type: 'simple-json' })
  methods: AuthenticationMethod[];

  @Column({ name: 'completed_steps', type: 'simple-json', default: '[]' })
  completedSteps: string[];

  @Column({ name: 'next_steps', type: 'simple-json', default: '[]' })
  nextSteps: string[];

  @Column({ name: 'auth_time', type: 'bigint', nullable: true, transformer: epochMillis })
  authTime: Date | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'bigint', transformer: epochMillis })
  lastUsedAt: Date;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMillis })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  // text, not varchar: user agents have no length limit and a long one must not fail a sign-in.
  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;
}
