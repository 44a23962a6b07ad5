import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A browser that signed in to an account (device cookie, OWASP "device cookies"): it is exempt from
 * the account's shared lock. The cookie holds a random secret; only its SHA-256 is stored. One
 * browser may be known for several accounts (a shared computer at a counter).
 */
@Entity({ name: 'known_devices' })
@Index('known_devices_user_idx', ['userId'])
@Index('known_devices_expires_idx', ['expiresAt'])
export class KnownDeviceEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'known_devices_user_fk' })
  user?: UserEntity;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
