import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';
import { ProgrammeEntity } from './programme.entity';

/** A booklet of cheques, identified by a serial printed on its cover ("7K3F-00012"). */
@Entity({ name: 'booklets' })
@Index('booklets_programme_number_unique', ['programmeId', 'number'], { unique: true })
@Index('booklets_serial_unique', ['serial'], { unique: true })
@Index('booklets_distributor_idx', ['distributorOrganisationId'])
export class BookletEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'booklets_programme_fk' })
  programme?: ProgrammeEntity;

  /** 1..booklet count, within the programme. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  serial!: string;

  /** The distributor holding the booklet (allocated by the operator), if any. */
  @Column({ name: 'distributor_organisation_id', type: 'uuid', nullable: true })
  distributorOrganisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'distributor_organisation_id', foreignKeyConstraintName: 'booklets_distributor_fk' })
  distributor?: OrganisationEntity;

  @Column({ name: 'allocated_at', type: 'timestamptz', nullable: true })
  allocatedAt!: Date | null;
}
