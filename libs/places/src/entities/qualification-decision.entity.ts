import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { QUALIFICATION_OUTCOMES, type CriterionScore, type QualificationOutcome } from '@app/domain';
import { PlaceEntity } from './place.entity';
import { QualificationApplicationEntity } from './qualification-application.entity';

/** A reviewer's decision on an application, with the score of every criterion. Never changed. */
@Entity({ name: 'qualification_decisions' })
@Index('qualification_decisions_place_idx', ['placeId', 'decidedAt'])
@Index('qualification_decisions_application_idx', ['applicationId'])
export class QualificationDecisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @ManyToOne(() => QualificationApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'qualification_decisions_application_fk' })
  application?: QualificationApplicationEntity;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'qualification_decisions_place_fk' })
  place?: PlaceEntity;

  @Column({ name: 'referential_version', type: 'integer' })
  referentialVersion!: number;

  @Column({ type: 'enum', enum: QUALIFICATION_OUTCOMES, enumName: 'qualification_outcome' })
  outcome!: QualificationOutcome;

  @Column({ type: 'text' })
  motivation!: string;

  @Column({ type: 'jsonb' })
  scores!: CriterionScore[];

  /** Weighted score in percent of the maximum (mandatory criteria are pass/fail, not scored). */
  @Column({ name: 'score_percent', type: 'integer' })
  scorePercent!: number;

  @Column({ name: 'reviewer_user_id', type: 'uuid' })
  reviewerUserId!: string;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil!: string | null;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}
