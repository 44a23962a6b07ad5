import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PlaceEntity } from './place.entity';

/** A suspension of a qualified place by the operator, and when and why it was lifted. */
@Entity({ name: 'place_suspensions' })
@Index('place_suspensions_place_idx', ['placeId'])
@Index('place_suspensions_open_unique', ['placeId'], { unique: true, where: '"lifted_at" IS NULL' })
export class PlaceSuspensionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'place_suspensions_place_fk' })
  place?: PlaceEntity;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'suspended_at', type: 'timestamptz' })
  suspendedAt!: Date;

  @Column({ name: 'suspended_by', type: 'uuid' })
  suspendedBy!: string;

  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true })
  liftedAt!: Date | null;

  @Column({ name: 'lifted_by', type: 'uuid', nullable: true })
  liftedBy!: string | null;

  @Column({ name: 'lift_reason', type: 'text', nullable: true })
  liftReason!: string | null;
}
