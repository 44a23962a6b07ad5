import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind } from '@app/domain';

/**
 * A journal entry: what happened (kind) and what caused it (source), unique together so an event is
 * booked once. Never updated nor deleted (a trigger refuses it): a correction is a reversing entry.
 */
@Entity({ name: 'ledger_entries' })
@Index('ledger_entries_kind_source_unique', ['kind', 'source'], { unique: true })
@Index('ledger_entries_programme_idx', ['programmeId'])
@Index('ledger_entries_occurred_idx', ['occurredAt'])
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'enum', enum: LEDGER_ENTRY_KINDS, enumName: 'ledger_entry_kind' })
  kind!: LedgerEntryKind;

  @Column({ type: 'text' })
  source!: string;

  /** The programme it is about, when there is one (no foreign key: the ledger outlives nothing and owns no programme). */
  @Column({ name: 'programme_id', type: 'uuid', nullable: true })
  programmeId!: string | null;

  /** When it happened (balances "at" a date read this). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** A bank reference, a reason. */
  @Column({ type: 'text', nullable: true })
  memo!: string | null;

  /** The entry this one reverses (an undone redemption). */
  @Column({ name: 'reverses_entry_id', type: 'bigint', nullable: true })
  reversesEntryId!: string | null;

  @ManyToOne(() => LedgerEntryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reverses_entry_id', foreignKeyConstraintName: 'ledger_entries_reverses_fk' })
  reverses?: LedgerEntryEntity;
}
