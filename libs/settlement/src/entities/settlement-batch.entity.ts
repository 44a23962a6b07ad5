import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { SETTLEMENT_BATCH_STATUSES, type SettlementBatchStatus } from '@app/domain';

/**
 * A payment run: every redemption recorded before the cut-off and not yet in a line, grouped by
 * payee (place organisation). Four eyes: built by one operator, approved by another, then exported
 * as a SEPA file and paid — or cancelled before the export (its lines are cancelled with it).
 */
@Entity({ name: 'settlement_batches' })
// One batch per cut-off among those not cancelled: a cancelled month can be built again.
@Index('settlement_batches_cut_off_unique', ['cutOff'], { unique: true, where: `"status" <> 'cancelled'` })
@Index('settlement_batches_number_unique', ['number'], { unique: true })
export class SettlementBatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Sequential, for people and references ("RB-2026-00012"). */
  @Column({ type: 'integer' })
  @Generated('increment')
  number!: number;

  /** "RB-<year of the cut-off>-<number>": the SEPA message id and the start of every line reference. */
  @Column({ type: 'text' })
  reference!: string;

  /** 'YYYY-MM' for a monthly batch, null for another cut-off. */
  @Column({ type: 'text', nullable: true })
  month!: string | null;

  /** Redemptions recorded (reached the server) before this instant are in the batch. */
  @Column({ name: 'cut_off', type: 'timestamptz' })
  cutOff!: Date;

  @Column({ type: 'enum', enum: SETTLEMENT_BATCH_STATUSES, enumName: 'settlement_batch_status', default: 'draft' })
  status!: SettlementBatchStatus;

  @Column({ name: 'total_cents', type: 'bigint' })
  totalCents!: string;

  @Column({ name: 'line_count', type: 'integer' })
  lineCount!: number;

  @Column({ name: 'carried_over_cents', type: 'bigint' })
  carriedOverCents!: string;

  /** Null when the settlement job built it at a cut-off of SETTLEMENT_SCHEDULE. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'exported_by', type: 'uuid', nullable: true })
  exportedBy!: string | null;

  @Column({ name: 'exported_at', type: 'timestamptz', nullable: true })
  exportedAt!: Date | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  /** When the last line got the bank's answer. */
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;
}
