import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Which breakdown a people fact belongs to (one GROUPING SET of the refresh query). */
export const PEOPLE_BREAKDOWNS = ['profile', 'commune', 'delay'] as const;
export type PeopleBreakdown = (typeof PEOPLE_BREAKDOWNS)[number];

/**
 * People who received cheques (one hand-out, one person, per programme) by hand-out day: by anonymous
 * profile (with their cheques and how many are used), by commune of residence, or by the delay before
 * their first use. Recomputed with the other reporting facts (see reporting-figures.sql.ts).
 */
@Entity({ name: 'reporting_people_facts' })
@Index('reporting_people_facts_programme_idx', ['programmeId', 'breakdown', 'handedOutOn'])
@Index('reporting_people_facts_day_idx', ['breakdown', 'handedOutOn'])
export class ReportingPeopleFactEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  breakdown!: PeopleBreakdown;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'handed_out_on', type: 'date' })
  handedOutOn!: string;

  /** breakdown profile ('' when not given). */
  @Column({ name: 'age_band', type: 'text', nullable: true })
  ageBand!: string | null;

  @Column({ type: 'text', nullable: true })
  situation!: string | null;

  /** breakdown commune ('' when not given). */
  @Column({ name: 'commune_code', type: 'text', nullable: true })
  communeCode!: string | null;

  /** breakdown delay: days from the hand-out to the first use of one of its cheques; -1 while none is used. */
  @Column({ name: 'delay_days', type: 'integer', nullable: true })
  delayDays!: number | null;

  @Column({ type: 'integer' })
  people!: number;

  /** breakdown profile: their cheques, and how many are used now. */
  @Column({ type: 'integer', default: 0 })
  cheques!: number;

  @Column({ name: 'used_cheques', type: 'integer', default: 0 })
  usedCheques!: number;
}
