import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookEventType } from '@app/domain';
import { OrganisationEntity } from '@app/identity';

/**
 * Where a place's software wants to hear of events (docs/webhooks.md). The signing secret is kept
 * encrypted (webhook-secrets.ts): the sender needs it back to sign, so it cannot be a hash.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('webhook_endpoints_organisation_idx', ['organisationId'])
@Check('webhook_endpoints_events_not_empty', 'cardinality("event_types") > 0')
@Check('webhook_endpoints_disabled_reason_known', `"disabled_reason" IS NULL OR "disabled_reason" IN ('removed', 'gone')`)
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'webhook_endpoints_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: WebhookEventType[];

  /** AES-256-GCM: 12-byte nonce, 16-byte tag, then the ciphertext of the `whsec_…` secret. */
  @Column({ name: 'secret_ciphertext', type: 'bytea', select: false })
  secretCiphertext!: Buffer;

  /** The secret's first characters, so that a person can tell which one their software holds. */
  @Column({ name: 'secret_prefix', type: 'text' })
  secretPrefix!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Who registered it: a person, or the software itself through an API token. */
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Column({ name: 'created_by_api_token_id', type: 'uuid', nullable: true })
  createdByApiTokenId!: string | null;

  /** Switched off by a person (`removed`) or because the receiver answered 410 Gone (`gone`). */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: 'removed' | 'gone' | null;
}
