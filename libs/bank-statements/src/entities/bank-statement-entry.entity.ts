import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BankStatementFileEntity } from './bank-statement-file.entity';

/**
 * One entry of a bank file, kept once across files (its key: outcome, EndToEndId, amount, date, bank
 * reference). pending: matched, not yet applied; applied: the line is paid or rejected; unmatched:
 * a person must look at it; handled: that person did, with a note.
 */
@Entity({ name: 'bank_statement_entries' })
@Index('bank_statement_entries_key_unique', ['entryKey'], { unique: true })
@Index('bank_statement_entries_unmatched_idx', ['bookingDate'], { where: "status = 'unmatched'" })
export class BankStatementEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  @ManyToOne(() => BankStatementFileEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'bank_statement_entries_file_fk' })
  file?: BankStatementFileEntity;

  @Column({ name: 'entry_key', type: 'text' })
  entryKey!: string;

  /** paid or rejected: what the bank says happened. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'end_to_end_id', type: 'text', nullable: true })
  endToEndId!: string | null;

  @Column({ name: 'amount_cents', type: 'bigint', nullable: true })
  amountCents!: string | null;

  @Column({ name: 'booking_date', type: 'date' })
  bookingDate!: string;

  @Column({ name: 'bank_reference', type: 'text' })
  bankReference!: string;

  @Column({ name: 'reason_code', type: 'text', nullable: true })
  reasonCode!: string | null;

  @Column({ type: 'text', nullable: true })
  information!: string | null;

  /** The settlement line this entry is about, when matched. */
  @Column({ name: 'line_id', type: 'uuid', nullable: true })
  lineId!: string | null;

  /** The funder refund transfer this entry is about, when matched (its EndToEndId is "RF-…"). */
  @Column({ name: 'refund_transfer_id', type: 'uuid', nullable: true })
  refundTransferId!: string | null;

  /** Why a person must look at it (French). */
  @Column({ type: 'text', nullable: true })
  problem!: string | null;

  @Column({ name: 'handled_by', type: 'uuid', nullable: true })
  handledBy!: string | null;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt!: Date | null;

  @Column({ name: 'handled_note', type: 'text', nullable: true })
  handledNote!: string | null;
}
