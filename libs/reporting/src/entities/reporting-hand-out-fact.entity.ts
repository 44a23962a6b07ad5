import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One hand-out (a person) and what became of its cheques of one programme: the anonymous profile,
 * when the first cheque was used. Recomputed with the other reporting facts.
 */
@Entity({ name: 'reporting_hand_out_facts' })
@Index('reporting_hand_out_facts_programme_idx', ['programmeId', 'handedOutOn'])
@Index('reporting_hand_out_facts_day_idx', ['handedOutOn'])
export class ReportingHandOutFactEntity {
  @PrimaryColumn({ name: 'hand_out_id', type: 'uuid' })
  handOutId!: string;

  @PrimaryColumn({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @Column({ name: 'handed_out_on', type: 'date' })
  handedOutOn!: string;

  @Column({ name: 'distributor_id', type: 'uuid' })
  distributorId!: string;

  @Column({ name: 'age_band', type: 'text', nullable: true })
  ageBand!: string | null;

  @Column({ type: 'text', nullable: true })
  situation!: string | null;

  @Column({ name: 'commune_code', type: 'text', nullable: true })
  communeCode!: string | null;

  @Column({ type: 'integer' })
  cheques!: number;

  /** Cheques of this hand-out redeemed (or settled) now. */
  @Column({ name: 'used_cheques', type: 'integer' })
  usedCheques!: number;

  /** Day (Europe/Paris) of the first redemption of one of its cheques; null while none is used. */
  @Column({ name: 'first_use_on', type: 'date', nullable: true })
  firstUseOn!: string | null;
}
