import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export const PASSWORD_TOKEN_PURPOSES = ['reset', 'first_password'] as const;
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number];

/** A single-use link to choose a password (forgotten password, first administrator); only its SHA-256 is stored. */
@Entity({ name: 'password_tokens' })
@Index('password_tokens_token_hash_unique', ['tokenHash'], { unique: true })
@Index('password_tokens_user_idx', ['userId'])
export class PasswordTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_tokens_user_fk' })
  user?: UserEntity;

  @Column({ type: 'enum', enum: PASSWORD_TOKEN_PURPOSES, enumName: 'password_token_purpose' })
  purpose!: PasswordTokenPurpose;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
