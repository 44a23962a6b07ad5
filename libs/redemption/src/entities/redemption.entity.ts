import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';
import { CatalogueEntryEntity, PlaceEntity } from '@app/places';

export const REDEMPTION_CHANNELS = ['online', 'offline'] as const;
export type RedemptionChannel = (typeof REDEMPTION_CHANNELS)[number];

/**
 * Cheques spent at a place for one service of its catalogue (the version in force at the time).
 * Never deleted: an undo marks it undone and releases its cheques.
 */
@Entity({ name: 'redemptions' })
@Index('redemptions_place_time_idx', ['placeId', 'occurredAt'])
@Index('redemptions_organisation_time_idx', ['organisationId', 'occurredAt'])
@Index('redemptions_organisation_recorded_idx', ['organisationId', 'recordedAt'])
// A settlement build subtracts what was recorded after its cut-off, and what was undone, from its sums over every redemption.
@Index('redemptions_recorded_idx', ['recordedAt'])
@Index('redemptions_undone_recorded_idx', ['recordedAt'], { where: '"undone_at" IS NOT NULL' })
@Check('redemptions_amount_positive', '"amount_cents" > 0 AND "cheque_count" > 0')
@Check('redemptions_one_agent', '("agent_user_id" IS NULL) <> ("agent_api_token_id" IS NULL)')
export class RedemptionEntity {
  /** Chosen by the service, so the cheques' guard and the row are written in one round of statements. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The place's organisation when the cheques were spent (who gets paid). */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'redemptions_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'redemptions_place_fk' })
  place?: PlaceEntity;

  /** The catalogue entry version (name, category, price) as it was. */
  @Column({ name: 'catalogue_entry_id', type: 'uuid' })
  catalogueEntryId!: string;

  @ManyToOne(() => CatalogueEntryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'catalogue_entry_id', foreignKeyConstraintName: 'redemptions_catalogue_entry_fk' })
  catalogueEntry?: CatalogueEntryEntity;

  @Column({ name: 'cheque_count', type: 'integer' })
  chequeCount!: number;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  @Column({ type: 'enum', enum: REDEMPTION_CHANNELS, enumName: 'redemption_channel' })
  channel!: RedemptionChannel;

  /** When the cheques were scanned (the device's time for offline scans). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /**
   * When the platform recorded it: the database's clock inside the insert (never the app's), taken
   * once the table lock is granted. Settlement batches cut on this time (see libs/settlement).
   */
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt!: Date;

  @Column({ name: 'agent_user_id', type: 'uuid', nullable: true })
  agentUserId!: string | null;

  @Column({ name: 'agent_api_token_id', type: 'uuid', nullable: true })
  agentApiTokenId!: string | null;

  @Column({ name: 'undone_at', type: 'timestamptz', nullable: true })
  undoneAt!: Date | null;

  /** The user or API token that undid it. */
  @Column({ name: 'undone_by', type: 'uuid', nullable: true })
  undoneBy!: string | null;

  @Column({ name: 'undo_reason', type: 'text', nullable: true })
  undoReason!: string | null;
}
