import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PROGRAMME_STATUSES, type ProgrammeStatus, type Service } from '@app/domain';
import { OrganisationEntity } from '@app/identity';

/** A funder's order of cheques, and the money that pays for it. */
@Entity({ name: 'programmes' })
@Index('programmes_funder_idx', ['funderOrganisationId'])
@Index('programmes_code_unique', ['code'], { unique: true })
@Check('programmes_face_value_positive', '"face_value_cents" > 0')
@Check('programmes_booklet_size', '"cheques_per_booklet" BETWEEN 1 AND 50')
@Check('programmes_booklet_count_positive', '"booklet_count" > 0')
@Check('programmes_validity_order', '"valid_until" >= "valid_from"')
@Check('programmes_grace_not_negative', '"grace_days" >= 0')
export class ProgrammeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short public code, the first part of every booklet serial ("7K3F" in "7K3F-00012"). */
  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'funder_organisation_id', type: 'uuid' })
  funderOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'funder_organisation_id', foreignKeyConstraintName: 'programmes_funder_fk' })
  funder?: OrganisationEntity;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: PROGRAMME_STATUSES, enumName: 'programme_status', default: 'draft' })
  status!: ProgrammeStatus;

  @Column({ name: 'face_value_cents', type: 'integer' })
  faceValueCents!: number;

  @Column({ name: 'cheques_per_booklet', type: 'integer' })
  chequesPerBooklet!: number;

  @Column({ name: 'booklet_count', type: 'integer' })
  bookletCount!: number;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil!: string;

  @Column({ name: 'grace_days', type: 'integer' })
  graceDays!: number;

  /** INSEE codes of départements and communes; empty = anywhere. */
  @Column({ name: 'territory_codes', type: 'text', array: true })
  territoryCodes!: string[];

  /** Values of the national `services` vocabulary; empty = any service. */
  @Column({ name: 'eligible_services', type: 'text', array: true })
  eligibleServices!: Service[];

  @Column({ name: 'cover_title', type: 'text', nullable: true })
  coverTitle!: string | null;

  @Column({ name: 'cover_text', type: 'text', nullable: true })
  coverText!: string | null;

  @Column({ name: 'cover_logo', type: 'bytea', nullable: true, select: false })
  coverLogo?: Buffer | null;

  @Column({ name: 'cover_logo_type', type: 'text', nullable: true })
  coverLogoType!: string | null;

  /** The operator's fee on face value, fixed when the programme is ordered (1 bp = 0.01 %). */
  @Column({ name: 'operator_fee_basis_points', type: 'integer', nullable: true })
  operatorFeeBasisPoints!: number | null;

  @Column({ name: 'funding_amount_cents', type: 'bigint', nullable: true })
  fundingAmountCents!: string | null;

  @Column({ name: 'funding_received_on', type: 'date', nullable: true })
  fundingReceivedOn!: string | null;

  @Column({ name: 'funding_reference', type: 'text', nullable: true })
  fundingReference!: string | null;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'ordered_at', type: 'timestamptz', nullable: true })
  orderedAt!: Date | null;

  @Column({ name: 'funded_at', type: 'timestamptz', nullable: true })
  fundedAt!: Date | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
