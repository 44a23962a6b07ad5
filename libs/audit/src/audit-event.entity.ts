import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTOR_TYPES = ['user', 'api_token', 'system', 'anonymous'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/**
 * One fact of the audit trail. Append-only: a database trigger rejects UPDATE, DELETE and
 * TRUNCATE (see the migration), so not even a bug in this code can rewrite history.
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_object_idx', ['objectType', 'objectId', 'id'])
@Index('audit_events_organisation_idx', ['organisationId', 'id'])
@Index('audit_events_occurred_at_idx', ['occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  @Column({ name: 'actor_type', type: 'enum', enum: AUDIT_ACTOR_TYPES, enumName: 'audit_actor_type' })
  actorType!: AuditActorType;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'actor_api_token_id', type: 'uuid', nullable: true })
  actorApiTokenId!: string | null;

  /** For system actors: which job or command. */
  @Column({ name: 'actor_name', type: 'text', nullable: true })
  actorName!: string | null;

  /** The acting organisation (null for system and anonymous actors). */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  /** Dotted verb, e.g. "organisation.created", "session.revoked". */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'object_type', type: 'text' })
  objectType!: string;

  @Column({ name: 'object_id', type: 'text' })
  objectId!: string;

  /** What changed, small and free of secrets (never a password, token or code). */
  @Column({ type: 'jsonb' })
  changes!: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
