import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The usage funnel's rollup (see reporting-figures.sql.ts, REFRESH_FUNNEL_FACTS_SQL). Two kinds of rows:
 * stock rows (handed_out_on null) count booklets bought (on the order's day) and allocated to a
 * distributor (on the allocation's day); hand-out rows count booklets handed out on a day, by
 * distributor, commune of hand-out, age band and days to first use, with what became of them since.
 * A booklet handed out is one booklet's cheques given in one hand-out (one person).
 */
@Entity({ name: 'reporting_funnel_facts' })
@Index('reporting_funnel_facts_programme_idx', ['programmeId', 'day'])
@Index('reporting_funnel_facts_distributor_idx', ['distributorId', 'day'])
export class ReportingFunnelFactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  /** Stock rows: the order's or the allocation's day; hand-out rows: the hand-out's day. */
  @Column({ type: 'date' })
  day!: string;

  /** Who holds the booklets; null on the stock row counting the booklets bought. */
  @Column({ name: 'distributor_id', type: 'uuid', nullable: true })
  distributorId!: string | null;

  /** True on hand-out rows. */
  @Column({ name: 'handed_out', type: 'boolean' })
  handedOut!: boolean;

  /** Hand-out rows: the commune of hand-out's INSEE code and the age band ('' when not given). */
  @Column({ name: 'commune_code', type: 'text', default: '' })
  communeCode!: string;

  @Column({ name: 'age_band', type: 'text', default: '' })
  ageBand!: string;

  /** Hand-out rows: days from the hand-out to the first use of one of the booklet's cheques; -1 while none is used. */
  @Column({ name: 'delay_days', type: 'integer', default: -1 })
  delayDays!: number;

  @Column({ type: 'integer', default: 0 })
  bought!: number;

  @Column({ type: 'integer', default: 0 })
  allocated!: number;

  /** Hand-out rows: booklets handed out, those with a cheque used, those wholly used, those with a cheque expired unused. */
  @Column({ type: 'integer', default: 0 })
  booklets!: number;

  @Column({ name: 'first_used', type: 'integer', default: 0 })
  firstUsed!: number;

  @Column({ name: 'fully_used', type: 'integer', default: 0 })
  fullyUsed!: number;

  @Column({ type: 'integer', default: 0 })
  expired!: number;

  /** Hand-out rows: the face value handed out, and of it the value used at places (cents). */
  @Column({ name: 'handed_out_cents', type: 'bigint', default: 0 })
  handedOutCents!: string;

  @Column({ name: 'used_cents', type: 'bigint', default: 0 })
  usedCents!: string;
}
