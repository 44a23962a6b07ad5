import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AgeBand, Service, Situation } from '@app/domain';
import { OrganisationEntity } from '@app/identity';

/** A social worker gave a booklet (or some cheques) to a person; only an anonymous profile is kept. */
@Entity({ name: 'hand_outs' })
@Index('hand_outs_distributor_idx', ['distributorOrganisationId', 'handedOutOn'])
export class HandOutEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'distributor_organisation_id', type: 'uuid' })
  distributorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_organisation_id', foreignKeyConstraintName: 'hand_outs_distributor_fk' })
  distributor?: OrganisationEntity;

  @Column({ name: 'recorded_by_user_id', type: 'uuid' })
  recordedByUserId!: string;

  @Column({ name: 'handed_out_on', type: 'date' })
  handedOutOn!: string;

  @Column({ name: 'age_band', type: 'text', nullable: true })
  ageBand!: AgeBand | null;

  @Column({ type: 'text', nullable: true })
  situation!: Situation | null;

  /** INSEE code of the person's commune (never an address). */
  @Column({ name: 'commune_code', type: 'text', nullable: true })
  communeCode!: string | null;

  @Column({ type: 'text', array: true })
  needs!: Service[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
