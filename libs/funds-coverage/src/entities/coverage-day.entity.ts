import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The coverage computed for one day (the daily job, or the last on-demand computation that day): what the open data publishes. */
@Entity({ name: 'coverage_days' })
@Check('coverage_days_state_known', `"state" IN ('covered', 'below', 'no_balance')`)
export class CoverageDayEntity {
  @PrimaryColumn({ type: 'date' })
  day!: string;

  /** The instant the ledger's liabilities were read at (the balance's instant, see comparisonInstant). */
  @Column({ name: 'liabilities_at', type: 'timestamptz' })
  liabilitiesAt!: Date;

  /** When this day's row was last computed: the open data's Last-Modified. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'balance_id', type: 'uuid', nullable: true })
  balanceId!: string | null;

  @Column({ name: 'balance_cents', type: 'bigint', nullable: true })
  balanceCents!: string | null;

  @Column({ name: 'balance_on', type: 'date', nullable: true })
  balanceOn!: string | null;

  @Column({ name: 'outstanding_cents', type: 'bigint' })
  outstandingCents!: string;

  @Column({ name: 'handed_out_cents', type: 'bigint' })
  handedOutCents!: string;

  @Column({ name: 'place_payable_cents', type: 'bigint' })
  placePayableCents!: string;

  @Column({ name: 'funder_credits_cents', type: 'bigint' })
  funderCreditsCents!: string;

  @Column({ name: 'liabilities_cents', type: 'bigint' })
  liabilitiesCents!: string;

  /** bigint: a large balance over tiny liabilities exceeds an integer's range. */
  @Column({ name: 'ratio_basis_points', type: 'bigint', nullable: true })
  ratioBasisPoints!: string | null;

  @Column({ type: 'text' })
  state!: 'covered' | 'below' | 'no_balance';
}
