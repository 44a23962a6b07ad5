import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Money the operator paid back to a funder for a programme (its credit note), as the bank shows it. */
@Entity({ name: 'funder_refunds' })
@Index('funder_refunds_programme_idx', ['programmeId'])
@Index('funder_refunds_transfer_unique', ['refundTransferId'], { unique: true, where: 'refund_transfer_id IS NOT NULL' })
@Check('funder_refunds_amount_positive', '"amount_cents" > 0')
export class FunderRefundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'funder_organisation_id', type: 'uuid' })
  funderOrganisationId!: string;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn!: string;

  @Column({ name: 'bank_reference', type: 'text' })
  bankReference!: string;

  /** The operator who typed it; null when the bank's statement booked a refund transfer. */
  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  recordedByUserId!: string | null;

  /** The SEPA transfer this refund is the payment of, when it was made through the platform. */
  @Column({ name: 'refund_transfer_id', type: 'uuid', nullable: true })
  refundTransferId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
