import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A balance of the operator's segregated account on a day, with the bank statement proving it. Entered
 * by hand by an operator admin (`manual`, confirmed by another one: four eyes) or, later, recorded from
 * an imported bank statement (`camt053`, confirmed by the import itself). Only confirmed balances count.
 */
@Entity({ name: 'coverage_balances' })
@Index('coverage_balances_confirmed_idx', ['balanceOn', 'confirmedAt'])
@Check('coverage_balances_source_known', `"source" IN ('manual', 'camt053')`)
@Check('coverage_balances_amount_not_negative', '"balance_cents" >= 0')
@Check('coverage_balances_four_eyes', '"confirmed_by_user_id" IS NULL OR "confirmed_by_user_id" IS DISTINCT FROM "entered_by_user_id"')
// A confirmed balance has counted: it is never withdrawn (a later statement supersedes it).
@Check('coverage_balances_withdrawn_unconfirmed', '"withdrawn_at" IS NULL OR "confirmed_at" IS NULL')
export class CoverageBalanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  source!: 'manual' | 'camt053';

  @Column({ name: 'balance_cents', type: 'bigint' })
  balanceCents!: string;

  /** The statement's day: the balance at the end of that day. */
  @Column({ name: 'balance_on', type: 'date' })
  balanceOn!: string;

  @Column({ name: 'bank_reference', type: 'text', nullable: true })
  bankReference!: string | null;

  @Column({ type: 'bytea', nullable: true, select: false })
  statement!: Buffer | null;

  @Column({ name: 'statement_file_name', type: 'text', nullable: true })
  statementFileName!: string | null;

  /** Null for an imported statement (no person entered it). */
  @Column({ name: 'entered_by_user_id', type: 'uuid', nullable: true })
  enteredByUserId!: string | null;

  @CreateDateColumn({ name: 'entered_at', type: 'timestamptz' })
  enteredAt!: Date;

  @Column({ name: 'confirmed_by_user_id', type: 'uuid', nullable: true })
  confirmedByUserId!: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** A wrong balance taken back before anyone confirmed it: kept, with who withdrew it and why, never counted. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawn_by_user_id', type: 'uuid', nullable: true })
  withdrawnByUserId!: string | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;
}
