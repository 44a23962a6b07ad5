import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One request for a password link, counted per e-mail typed and per address over an hour (the
 * throttle of POST /api/auth/password-reset). Only a SHA-256 of the e-mail or address is stored;
 * rows older than the window are deleted by later requests.
 */
@Entity({ name: 'password_reset_requests' })
@Index('password_reset_requests_key_idx', ['key', 'createdAt'])
@Index('password_reset_requests_created_idx', ['createdAt'])
export class PasswordResetRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bytea' })
  key!: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
