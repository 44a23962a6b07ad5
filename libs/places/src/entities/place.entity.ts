import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganisationEntity } from '@app/identity';

/**
 * A mediation place, with every field of the national schema "lieux de médiation numérique"
 * v1.0.2 under the schema's own names (multi-valued fields as arrays), plus its qualification
 * state, kept here so the map and the redemption check read one row.
 */
@Entity({ name: 'places' })
@Index('places_organisation_idx', ['organisationId'])
@Index('places_national_id_unique', ['nationalId'], { unique: true })
@Index('places_pivot_idx', ['pivot'])
@Index('places_code_insee_idx', ['code_insee'])
// The open data's version reads the latest change and the latest lapse (see OpenDataService).
@Index('places_updated_at_idx', ['updatedAt'])
@Index('places_qualified_until_idx', ['qualifiedUntil'])
@Check('places_coordinates_range', '"latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180')
@Check('places_coordinates_pair', '("latitude" IS NULL) = ("longitude" IS NULL)')
export class PlaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The schema's `id`: ours for places created here, the source's for imported ones. */
  @Column({ name: 'national_id', type: 'text' })
  nationalId!: string;

  /** The place organisation that manages it; null for an imported place nobody has claimed yet. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'places_organisation_fk' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' }) pivot!: string;
  @Column({ type: 'text' }) nom!: string;
  @Column({ type: 'text' }) commune!: string;
  @Column({ type: 'text' }) code_postal!: string;
  @Column({ type: 'text', nullable: true }) code_insee!: string | null;
  @Column({ type: 'text' }) adresse!: string;
  @Column({ type: 'text', nullable: true }) complement_adresse!: string | null;
  @Column({ type: 'double precision', nullable: true }) latitude!: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude!: number | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) typologie!: string[];
  @Column({ type: 'text', nullable: true }) telephone!: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) courriels!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) site_web!: string[];
  /** OpenStreetMap `opening_hours` syntax, checked with the `opening_hours` library. */
  @Column({ type: 'text', nullable: true }) horaires!: string | null;
  @Column({ type: 'text', nullable: true }) presentation_resume!: string | null;
  @Column({ type: 'text', nullable: true }) presentation_detail!: string | null;
  @Column({ type: 'text', nullable: true }) source!: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) itinerance!: string[];
  @Column({ type: 'text', nullable: true }) structure_parente!: string | null;
  @Column({ type: 'date' }) date_maj!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) services!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) publics_specifiquement_adresses!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) prise_en_charge_specifique!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) frais_a_charge!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) dispositif_programmes_nationaux!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) formations_labels!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) autres_formations_labels!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) modalites_acces!: string[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) modalites_accompagnement!: string[];
  @Column({ type: 'text', nullable: true }) fiche_acces_libre!: string | null;
  @Column({ type: 'text', nullable: true }) prise_rdv!: string | null;

  /** Last day of the current qualification (null: never qualified). Past = expired. */
  @Column({ name: 'qualified_until', type: 'date', nullable: true })
  qualifiedUntil!: string | null;

  @Column({ name: 'qualification_referential_version', type: 'integer', nullable: true })
  qualificationReferentialVersion!: number | null;

  /** Set while the operator has suspended the place; a suspended place is off the map. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'suspension_reason', type: 'text', nullable: true })
  suspensionReason!: string | null;

  /**
   * The place's GeoJSON feature for the public map (id, nom, commune, point), written by a database
   * trigger on every insert or change: the map is then one aggregate of ready text.
   */
  @Column({ name: 'map_feature', type: 'text', nullable: true, select: false, insert: false, update: false })
  mapFeature?: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
