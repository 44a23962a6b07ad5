import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';
import { RedemptionEntity } from '@app/redemption';
import { type AnomalyReason, HOLD_STATUSES, type HoldStatus } from '../domain/anomaly-rules';

/**
 * A redemption flagged by an anomaly rule (docs/anomaly-holds.md), kept out of settlement batches
 * while it is held or a rejection is proposed. Released, it goes into the next batch; rejected (four
 * eyes: proposed by one operator, confirmed by another), it is voided: its cheques are cancelled
 * and their value is the funder's again.
 */
@Entity({ name: 'redemption_holds' })
@Index('redemption_holds_redemption_unique', ['redemptionId'], { unique: true })
// What a settlement build subtracts: the holds still holding, few whatever the redemptions' count.
@Index('redemption_holds_holding_idx', ['organisationId'], { where: `"status" IN ('held', 'rejection_proposed')` })
@Index('redemption_holds_status_idx', ['status', 'flaggedAt'])
@Check('redemption_holds_four_eyes', '"rejected_by" IS NULL OR "rejected_by" IS DISTINCT FROM "rejection_proposed_by"')
export class RedemptionHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'redemption_id', type: 'uuid' })
  redemptionId!: string;

  @ManyToOne(() => RedemptionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'redemption_id', foreignKeyConstraintName: 'redemption_holds_redemption_fk' })
  redemption?: RedemptionEntity;

  /** The payee (the redemption's place organisation): what a place sees of its own holds. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'redemption_holds_organisation_fk' })
  organisation?: OrganisationEntity;

  /** Every rule that flagged it, as the place and the operators read it. */
  @Column({ type: 'jsonb' })
  reasons!: AnomalyReason[];

  @Column({ type: 'enum', enum: HOLD_STATUSES, enumName: 'redemption_hold_status', default: 'held' })
  status!: HoldStatus;

  @Column({ name: 'flagged_at', type: 'timestamptz' })
  flaggedAt!: Date;

  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy!: string | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'release_note', type: 'text', nullable: true })
  releaseNote!: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'rejection_proposed_by', type: 'uuid', nullable: true })
  rejectionProposedBy!: string | null;

  @Column({ name: 'rejection_proposed_at', type: 'timestamptz', nullable: true })
  rejectionProposedAt!: Date | null;

  @Column({ name: 'rejected_by', type: 'uuid', nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;
}
