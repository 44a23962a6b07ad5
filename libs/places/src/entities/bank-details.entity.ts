import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BANK_DETAILS_STATUSES, type BankDetailsStatus } from '@app/domain';
import { OrganisationEntity } from '@app/identity';

/**
 * The account a place organisation is paid on. A change writes a new row and supersedes the old
 * one, so the history of where money went is kept; only the current row can be verified.
 */
@Entity({ name: 'bank_details' })
@Index('bank_details_current_unique', ['organisationId'], { unique: true, where: '"superseded_at" IS NULL' })
@Index('bank_details_organisation_idx', ['organisationId', 'submittedAt'])
export class BankDetailsEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'bank_details_organisation_fk' })
  organisation?: OrganisationEntity;

  /** Electronic format: upper case, no spaces. */
  @Column({ type: 'text' })
  iban!: string;

  @Column({ type: 'text' })
  bic!: string;

  @Column({ name: 'account_holder', type: 'text' })
  accountHolder!: string;

  @Column({ type: 'enum', enum: BANK_DETAILS_STATUSES, enumName: 'bank_details_status', default: 'submitted' })
  status!: BankDetailsStatus;

  /** The bank's statement of the account (RIB), attached by the place: PDF, PNG or JPEG ≤ 5 MB. */
  @Column({ name: 'proof_file_name', type: 'text', nullable: true })
  proofFileName!: string | null;

  @Column({ name: 'proof_content_type', type: 'text', nullable: true })
  proofContentType!: string | null;

  @Column({ name: 'proof', type: 'bytea', nullable: true, select: false })
  proof?: Buffer | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy!: string | null;

  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote!: string | null;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt!: Date | null;
}
