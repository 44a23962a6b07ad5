import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LEDGER_ACCOUNT_KINDS, type LedgerAccountKind } from '@app/domain';
import { LedgerEntryEntity } from './ledger-entry.entity';

/**
 * One line of a journal entry: an amount in cents on one account (debit positive, credit negative).
 * The postings of an entry are inserted by one statement and a trigger checks they sum to zero.
 */
@Entity({ name: 'ledger_postings' })
@Index('ledger_postings_entry_idx', ['entryId'])
@Index('ledger_postings_account_idx', ['accountKind', 'accountRef'])
@Check('ledger_postings_amount_not_zero', '"amount_cents" <> 0')
@Check('ledger_postings_account_ref', `("account_kind" IN ('bank', 'operator_fees')) = ("account_ref" IS NULL)`)
export class LedgerPostingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'entry_id', type: 'bigint' })
  entryId!: string;

  @ManyToOne(() => LedgerEntryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'ledger_postings_entry_fk' })
  entry?: LedgerEntryEntity;

  @Column({ name: 'account_kind', type: 'enum', enum: LEDGER_ACCOUNT_KINDS, enumName: 'ledger_account_kind' })
  accountKind!: LedgerAccountKind;

  /** The funder or place organisation, or the programme; null for bank and operator_fees. */
  @Column({ name: 'account_ref', type: 'uuid', nullable: true })
  accountRef!: string | null;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;
}
