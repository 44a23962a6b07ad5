import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SERVICE_MODALITIES, type Service, type ServiceModality } from '@app/domain';
import { PlaceEntity } from './place.entity';

/**
 * One version of a service a place accepts cheques for. Versions are never changed: an edit
 * writes a new version of the same entry and retires the old one, so a redemption keeps pointing
 * at the entry as it was when the cheque was spent.
 */
@Entity({ name: 'catalogue_entries' })
@Index('catalogue_entries_version_unique', ['entryId', 'version'], { unique: true })
@Index('catalogue_entries_current_unique', ['entryId'], { unique: true, where: '"retired_at" IS NULL' })
@Index('catalogue_entries_place_idx', ['placeId'])
@Check('catalogue_entries_price_positive', '"price_in_cheques" BETWEEN 1 AND 50')
@Check('catalogue_entries_duration_positive', '"duration_minutes" BETWEEN 5 AND 1440')
export class CatalogueEntryEntity {
  /** Id of this version (what a redemption refers to). */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable id of the entry across its versions. */
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'place_id', type: 'uuid' })
  placeId!: string;

  @ManyToOne(() => PlaceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'place_id', foreignKeyConstraintName: 'catalogue_entries_place_fk' })
  place?: PlaceEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The national `services` category. */
  @Column({ type: 'text' })
  category!: Service;

  @Column({ type: 'enum', enum: SERVICE_MODALITIES, enumName: 'service_modality' })
  modality!: ServiceModality;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes!: number;

  @Column({ name: 'price_in_cheques', type: 'integer' })
  priceInCheques!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When a newer version replaced it or the place withdrew the service. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;
}
