import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ORGANISATION_KINDS, type OrganisationKind } from '@app/domain';

@Entity({ name: 'organisations' })
@Index('organisations_kind_name_unique', ['kind', 'name'], { unique: true })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: ORGANISATION_KINDS, enumName: 'organisation_kind' })
  kind!: OrganisationKind;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
