import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SETTLEMENT_LINE_STATUSES, type SettlementLineStatus } from '@app/domain';
import { OrganisationEntity } from '@app/identity';
import { SettlementBatchEntity } from './settlement-batch.entity';

/**
 * One transfer to one payee (a place organisation). Its redemptions are not listed one by one:
 * they are the payee's redemptions, not undone, whose recording time lies in `covered` — the time
 * before the cut-off not covered by an earlier line. The exclusion constraint is "settled at most
 * once": two live lines of a payee (pending or paid: not rejected by the bank, not in a cancelled
 * batch) never cover the same instant.
 */
@Entity({ name: 'settlement_lines' })
@Index('settlement_lines_batch_position_unique', ['batchId', 'position'], { unique: true })
@Index('settlement_lines_organisation_idx', ['organisationId', 'batchId'])
@Exclusion(
  'settlement_lines_covered_once',
  `USING gist ("organisation_id" WITH =, "covered" WITH &&) WHERE ("status" IN ('pending', 'paid'))`,
)
@Check('settlement_lines_amount_positive', '"amount_cents" > 0')
export class SettlementLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @ManyToOne(() => SettlementBatchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'settlement_lines_batch_fk' })
  batch?: SettlementBatchEntity;

  /** 1, 2, … within the batch: the line reference is the batch's plus this ("RB-2026-00012-0042"). */
  @Column({ type: 'integer' })
  position!: number;

  /** The payee. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'settlement_lines_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ type: 'tstzmultirange' })
  covered!: string;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  @Column({ name: 'redemption_count', type: 'integer' })
  redemptionCount!: number;

  @Column({ name: 'cheque_count', type: 'integer' })
  chequeCount!: number;

  /** The payee and account as verified when the batch was built (what four eyes approved). */
  @Column({ name: 'payee_name', type: 'text' })
  payeeName!: string;

  @Column({ name: 'bank_details_id', type: 'uuid' })
  bankDetailsId!: string;

  @Column({ type: 'text' })
  iban!: string;

  @Column({ type: 'text' })
  bic!: string;

  @Column({ name: 'account_holder', type: 'text' })
  accountHolder!: string;

  @Column({ type: 'enum', enum: SETTLEMENT_LINE_STATUSES, enumName: 'settlement_line_status', default: 'pending' })
  status!: SettlementLineStatus;

  /** The day the bank executed the transfer, and its reference. */
  @Column({ name: 'paid_on', type: 'date', nullable: true })
  paidOn!: string | null;

  @Column({ name: 'bank_reference', type: 'text', nullable: true })
  bankReference!: string | null;

  @Column({ name: 'paid_by', type: 'uuid', nullable: true })
  paidBy!: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  @Column({ name: 'rejected_by', type: 'uuid', nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;
}
