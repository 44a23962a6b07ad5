import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { APPLICATION_STATUSES, type ApplicationStatus, type CriterionAnswer } from '@app/domain';
import { PlaceEntity } from './place.entity';
import { QualificationDecisionEntity } from './qualification-decision.entity';

/** A place's application for qualification against one version of the referential. */
@Entity({ name: 'qualification_applications' })
@Index('qualification_applications_place_idx', ['placeId'])
@Index('qualification_applications_open_unique', ['placeId'], {
  unique: true,
  where: "\"status\" IN ('draft', 'submitted', 'changes_requested')",
})
export class QualificationApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'qualification_applications_place_fk' })
  place?: PlaceEntity;

  /**
   * A renewal: the qualified decision it asks to renew (the place's latest when the application was
   * opened); null for a first application. Its answers were pre-filled from that decision's application.
   */
  @Column({ name: 'renewal_of_decision_id', type: 'uuid', nullable: true })
  renewalOfDecisionId!: string | null;

  @ManyToOne(() => QualificationDecisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'renewal_of_decision_id', foreignKeyConstraintName: 'qualification_applications_renewal_of_fk' })
  renewalOf?: QualificationDecisionEntity;

  @Column({ name: 'referential_version', type: 'integer' })
  referentialVersion!: number;

  @Column({ type: 'enum', enum: APPLICATION_STATUSES, enumName: 'qualification_application_status', default: 'draft' })
  status!: ApplicationStatus;

  /** Answers per criterion code. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers!: Record<string, CriterionAnswer>;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
