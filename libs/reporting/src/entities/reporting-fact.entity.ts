import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Which breakdown a fact row belongs to (one GROUPING SET of the refresh query). */
export const FACT_BREAKDOWNS = ['total', 'place_service', 'distributor'] as const;
export type FactBreakdown = (typeof FACT_BREAKDOWNS)[number];

/** What happened to the cheques counted: handed out to a person, redeemed at a place, cancelled, expired. */
export const FACT_MEASURES = ['handed_out', 'redeemed', 'cancelled', 'expired'] as const;
export type FactMeasure = (typeof FACT_MEASURES)[number];

/**
 * Cheques per programme and day (Europe/Paris) for one measure, in one breakdown: the rollup the
 * dashboards read. Recomputed from the raw tables by ReportingRefreshService (see reporting-figures.sql.ts).
 */
@Entity({ name: 'reporting_facts' })
@Index('reporting_facts_programme_idx', ['programmeId', 'breakdown', 'measure', 'day'])
@Index('reporting_facts_day_idx', ['breakdown', 'measure', 'day'])
export class ReportingFactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  breakdown!: FactBreakdown;

  @Column({ type: 'text' })
  measure!: FactMeasure;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ type: 'date' })
  day!: string;

  /** breakdown place_service: where the cheques were redeemed. */
  @Column({ name: 'place_id', type: 'uuid', nullable: true })
  placeId!: string | null;

  /** breakdown place_service: the service's national category and modality. */
  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', nullable: true })
  modality!: string | null;

  /** breakdown distributor: the organisation that handed the cheques out. */
  @Column({ name: 'distributor_id', type: 'uuid', nullable: true })
  distributorId!: string | null;

  @Column({ type: 'integer' })
  cheques!: number;

  @Column({ name: 'amount_cents', type: 'bigint' })
  amountCents!: string;

  /** measure redeemed: how many of these cheques the place has been paid for (status settled). */
  @Column({ name: 'settled_cheques', type: 'integer', default: 0 })
  settledCheques!: number;

  @Column({ name: 'settled_amount_cents', type: 'bigint', default: 0 })
  settledAmountCents!: string;
}
