import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a request made with an Idempotency-Key, kept so that a retry (after a lost
 * response, a double tap) gets the same answer instead of a second effect. Keys are per organisation.
 */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** What the key was used for ("redemption", "offline_sync"): a key cannot serve two operations. */
  @Column({ type: 'text' })
  operation!: string;

  /** SHA-256 of the request's canonical JSON. */
  @Column({ name: 'request_hash', type: 'bytea' })
  requestHash!: Buffer;

  /** Empty only inside the transaction that claimed the key (the answer is stored before it commits). */
  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
