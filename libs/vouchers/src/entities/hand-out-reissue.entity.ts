import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';
import { BookletEntity } from './booklet.entity';
import { HandOutEntity } from './hand-out.entity';

/**
 * A lost booklet replaced (docs/cheques.md, « Remplacer un carnet perdu »): the link between the
 * two hand-outs of the same person, and nothing about the person (both hand-outs hold the same
 * anonymous profile). The new booklet carries the lost one's unused cheques' value.
 */
@Entity({ name: 'hand_out_reissues' })
@Index('hand_out_reissues_new_hand_out_unique', ['newHandOutId'], { unique: true })
@Index('hand_out_reissues_lost_booklet_unique', ['lostBookletId'], { unique: true })
@Index('hand_out_reissues_new_booklet_unique', ['newBookletId'], { unique: true })
@Index('hand_out_reissues_distributor_idx', ['distributorOrganisationId'])
export class HandOutReissueEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'distributor_organisation_id', type: 'uuid' })
  distributorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_organisation_id', foreignKeyConstraintName: 'hand_out_reissues_distributor_fk' })
  distributor?: OrganisationEntity;

  @Column({ name: 'lost_hand_out_id', type: 'uuid' })
  lostHandOutId!: string;

  @ManyToOne(() => HandOutEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lost_hand_out_id', foreignKeyConstraintName: 'hand_out_reissues_lost_hand_out_fk' })
  lostHandOut?: HandOutEntity;

  @Column({ name: 'new_hand_out_id', type: 'uuid' })
  newHandOutId!: string;

  @ManyToOne(() => HandOutEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'new_hand_out_id', foreignKeyConstraintName: 'hand_out_reissues_new_hand_out_fk' })
  newHandOut?: HandOutEntity;

  @Column({ name: 'lost_booklet_id', type: 'uuid' })
  lostBookletId!: string;

  @ManyToOne(() => BookletEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lost_booklet_id', foreignKeyConstraintName: 'hand_out_reissues_lost_booklet_fk' })
  lostBooklet?: BookletEntity;

  @Column({ name: 'new_booklet_id', type: 'uuid' })
  newBookletId!: string;

  @ManyToOne(() => BookletEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'new_booklet_id', foreignKeyConstraintName: 'hand_out_reissues_new_booklet_fk' })
  newBooklet?: BookletEntity;

  /** The lost booklet's cheques handed out and unused, cancelled: as many are handed out in the new booklet. */
  @Column({ name: 'cheques_carried', type: 'integer' })
  chequesCarried!: number;

  /** The new booklet's cheques beyond the remaining value, cancelled before it was handed over. */
  @Column({ name: 'surplus_cheques_cancelled', type: 'integer' })
  surplusChequesCancelled!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
