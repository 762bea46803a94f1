import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { epochMillis } from '../epoch-millis.transformer';

/** A row of `stepgate_users`. The migration creates the same schema; a spec checks they agree. */
@Entity({ name: 'stepgate_users' })
@Unique('UQ_stepgate_users_username', ['username'])
export class UserAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  username: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ name: 'phone_number', type: 'varchar', length: 32, nullable: true })
  phoneNumber: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'simple-json' })
  groups: string[];

  @Column({ type: 'simple-json' })
  attributes: Record<string, string>;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
