import { Check, Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FUNDER_REFUND_TRANSFER_STATUSES, type FunderRefundTransferStatus } from '@app/domain';

/**
 * A SEPA transfer paying a closed programme's credit note back to its funder (docs/settlement.md,
 * « Remboursements aux financeurs »). Prepared when the programme closes, approved by a second
 * operator, exported in a pain.001 and booked (a funder_refunds row and its ledger entry) when the
 * bank's statement says it was paid, or rejected with the bank's reason.
 */
@Entity({ name: 'funder_refund_transfers' })
@Index('funder_refund_transfers_reference_unique', ['reference'], { unique: true })
@Index('funder_refund_transfers_open_unique', ['programmeId'], { unique: true, where: "status IN ('prepared', 'approved', 'exported')" })
@Index('funder_refund_transfers_programme_idx', ['programmeId'])
@Check('funder_refund_transfers_amount_positive', '"amount_cents" > 0')
export class FunderRefundTransferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Sequential, for the reference ("RF-2026-00007"). */
  @Column({ type: 'int' })
  @Generated('increment')
  number!: number;

  /** "RF-<year>-<number>": the pain.001's MsgId and the transfer's EndToEndId. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'funder_organisation_id', type: 'uuid' })
  funderOrganisationId!: string;

  /** The funder's verified bank details the transfer is made to. */
  @Column({ name: 'bank_details_id', type: 'uuid' })
  bankDetailsId!: string;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  @Column({ type: 'enum', enum: FUNDER_REFUND_TRANSFER_STATUSES, enumName: 'funder_refund_transfer_status', default: 'prepared' })
  status!: FunderRefundTransferStatus;

  /** The day the programme closed (its closing statement's first day). */
  @Column({ name: 'closed_on', type: 'date' })
  closedOn!: string;

  /** Last day to pay it: 30 days after the close. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  /** Null when prepared by the job at the close. */
  @Column({ name: 'prepared_by', type: 'uuid', nullable: true })
  preparedBy!: string | null;

  @CreateDateColumn({ name: 'prepared_at', type: 'timestamptz' })
  preparedAt!: Date;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'exported_by', type: 'uuid', nullable: true })
  exportedBy!: string | null;

  @Column({ name: 'exported_at', type: 'timestamptz', nullable: true })
  exportedAt!: Date | null;

  /** The refund booked when the bank paid it. */
  @Column({ name: 'funder_refund_id', type: 'uuid', nullable: true })
  funderRefundId!: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  /** The bank's reason in French (code, label, what to do). */
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;
}
