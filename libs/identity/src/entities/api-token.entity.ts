import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiScope } from '@app/domain';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

/** A credential for an integrator's software, acting for one organisation within its scopes. */
@Entity({ name: 'api_tokens' })
@Index('api_tokens_token_hash_unique', ['tokenHash'], { unique: true })
@Index('api_tokens_organisation_idx', ['organisationId'])
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'api_tokens_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_user_id', foreignKeyConstraintName: 'api_tokens_created_by_fk' })
  createdBy?: UserEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The token's public start ("pn_ab12cd34"), to recognise it in lists and logs. */
  @Column({ type: 'text' })
  prefix!: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ type: 'text', array: true })
  scopes!: ApiScope[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
